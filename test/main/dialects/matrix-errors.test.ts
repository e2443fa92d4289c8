import { defineDialectMatrix, escapeRegExp as escape } from './journeys.js';

// How refusals and missing endpoints look: the CLI says what the server said, in one line, without markup.
defineDialectMatrix([
  {
    dialects: ['errors-200'],
    about: 'API errors answer HTTP 200 {"success": false, "status": "…"}',
    stopRefused: (uid) =>
      new RegExp(
        `^Error: GET /Images/stoppredict/${escape(uid)} was refused by the server: No prediction is running for image ${escape(uid)}\\.\\n$`,
      ),
    deleteUnknown: (uid) =>
      new RegExp(
        `^Error: DELETE /Images/${escape(uid)} was refused by the server: Image ${escape(uid)} does not exist\\.\\n$`,
      ),
  },
  {
    dialects: ['errors-html'],
    about: 'API errors are Werkzeug HTML pages; DELETE of an unknown image is a 500 page',
    // The page's title, then its first paragraph: the server's own words, never markup.
    stopRefused: (uid) =>
      new RegExp(
        `^Error: GET /Images/stoppredict/${escape(uid)} failed — the server answered HTTP 409: Conflict: No prediction is running for image ${escape(uid)}\\.`,
      ),
    deleteUnknown: (uid) =>
      new RegExp(
        `^Error: DELETE /Images/${escape(uid)} failed — the server answered HTTP 500: Internal Server Error: The server encountered an internal error and was unable to complete your request\\.`,
      ),
  },
  { dialects: ['no-loginfo'], about: 'no POST /LogInfo (404)', uploadLog: false },
]);

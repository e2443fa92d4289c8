import { defineDialectMatrix, escapeRegExp as escape } from './journeys.js';

// How refusals and missing endpoints look: the CLI says what the server said, in one line, without markup.
defineDialectMatrix([
  {
    dialects: ['errors-200'],
    about: 'API errors answer HTTP 200 {"success": false, "status": "…"}',
    deleteUnknown: (uid) =>
      new RegExp(
        `^Error: The server refused it\\. The server said: “Image ${escape(uid)} does not exist\\.” Correct what the server names, then try again\\.\\n$`,
      ),
  },
  {
    dialects: ['errors-html'],
    about: 'API errors are Werkzeug HTML pages; DELETE of an unknown image is a 500 page',
    // A 500 page: the app's own words; the page's text is only the detail (--verbose), never markup.
    deleteUnknown: () =>
      new RegExp(
        `^Error: The server failed while handling it\\. Try again; if it keeps failing, tell your PathomIQ administrator\\.\\n$`,
      ),
  },
  { dialects: ['no-loginfo'], about: 'no POST /LogInfo (404)', uploadLog: false },
]);

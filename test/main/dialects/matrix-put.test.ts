import { defineDialectMatrix } from './journeys.js';

// The default sandbox and the three answers real servers give to PUT /Images/:id (the document gives none): the
// upload must be done either way — exit 0, status "Uploaded", one record per slide.
defineDialectMatrix([
  { dialects: [], about: 'the API document as the sandbox reads it' },
  { dialects: ['put-image'], about: 'PUT /Images/:id answers the bare image object' },
  { dialects: ['put-msg'], about: 'PUT /Images/:id answers {"success": true, "msg": "Updated"}' },
  { dialects: ['put-empty'], about: 'PUT /Images/:id answers 204 with an empty body' },
]);

import { defineDialectMatrix } from './journeys.js';

// How values and presigned POSTs look on the wire: dates, ids, the shared column, signature V2.
defineDialectMatrix([
  { dialects: ['flask-dates'], about: 'dates as Flask writes them: "Wed, 17 Aug 2022 06:59:27 GMT"' },
  { dialects: ['numeric-ids'], about: 'ids as JSON numbers; shared a number when it holds one user' },
  { dialects: ['shared-spaced'], about: 'shared as "19, 20"' },
  { dialects: ['sigv2'], about: "POST /Images returns the document's signature-V2 presigned POST" },
]);

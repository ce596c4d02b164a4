'use strict';
// The addon is built from Rust by build.mjs. Where it could not be built (no
// cargo), `addon` is null and callers hash each file on one thread.
const { join } = require('node:path');

const addonPath = join(__dirname, 'arca_blake3_subtrees.node');
let addon = null;
try {
  addon = require(addonPath);
} catch {
  addon = null;
}
module.exports = { addon, addonPath: addon ? addonPath : null };

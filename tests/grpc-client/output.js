// The output both client scripts print, one JSON line each, which the C# tests read: {"message": ...} per response,
// then {"status": {"code", "details", "metadata"}}.
'use strict';

function print(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}

function statusLine(status) {
  return { status: { code: status.code, details: status.details || '', metadata: status.metadata ? status.metadata.getMap() : {} } };
}

module.exports = { print, statusLine };

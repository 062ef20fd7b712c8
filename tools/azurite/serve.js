// Runs Azurite (the bin of the pinned package) in this process. Options are Azurite's own, passed
// through. When AZURITE_PARENT_PID is set, the emulator exits once that process is gone, so a test
// run that is killed (or crashes before disposing its fixture) does not leave an emulator behind.
'use strict';

const parentPid = Number(process.env.AZURITE_PARENT_PID || 0);
if (parentPid > 0) {
  setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}

require('azurite/dist/src/azurite.js');

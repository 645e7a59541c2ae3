#pragma once

#include <memory>

#include "remoting/remoting_command.h"

namespace apogee::remoting {

class Channel;

// Hands a request that arrived on `channel` to its processor's executor.
// Runs on the connection's I/O thread and does only cheap work there: a
// registry lookup and a queue push. What the I/O thread answers itself:
// REQUEST_CODE_NOT_SUPPORTED for a code nobody handles, SYSTEM_BUSY when the
// processor's executor refuses the task. Oneway requests get no answer in
// any case.
void dispatchRequest(const std::shared_ptr<Channel>& channel, RemotingCommand request);

}  // namespace apogee::remoting

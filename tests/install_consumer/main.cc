// Uses the installed public API without a server: builds a message, and
// checks that sending before start() reports an MQClientException.
#include <iostream>

#include "apogee/default_mq_producer.h"
#include "apogee/message_client_id_setter.h"

int main() {
  apogee::DefaultMQProducer producer("InstallTestGroup");
  apogee::Message msg("TopicTest", "TagA", "hello");
  apogee::MessageClientIDSetter::setUniqID(msg);
  try {
    producer.send(msg);
  } catch (const apogee::MQClientException& e) {
    std::cout << "ok: " << apogee::MessageClientIDSetter::getUniqID(msg) << " " << e.what() << "\n";
    return 0;
  }
  return 1;
}

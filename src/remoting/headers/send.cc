#include "remoting/headers/send.h"

namespace apogee::remoting {

SendMessageRequestHeaderV2 toV2(const SendMessageRequestHeader& v1) {
  SendMessageRequestHeaderV2 v2;
  v2.a = v1.producerGroup;
  v2.b = v1.topic;
  v2.c = v1.defaultTopic;
  v2.d = v1.defaultTopicQueueNums;
  v2.e = v1.queueId;
  v2.f = v1.sysFlag;
  v2.g = v1.bornTimestamp;
  v2.h = v1.flag;
  v2.i = v1.properties;
  v2.j = v1.reconsumeTimes;
  v2.k = v1.unitMode;
  v2.l = v1.maxReconsumeTimes;
  v2.m = v1.batch;
  return v2;
}

SendMessageRequestHeader toV1(const SendMessageRequestHeaderV2& v2) {
  SendMessageRequestHeader v1;
  v1.producerGroup = v2.a;
  v1.topic = v2.b;
  v1.defaultTopic = v2.c;
  v1.defaultTopicQueueNums = v2.d;
  v1.queueId = v2.e;
  v1.sysFlag = v2.f;
  v1.bornTimestamp = v2.g;
  v1.flag = v2.h;
  v1.properties = v2.i;
  v1.reconsumeTimes = v2.j;
  v1.unitMode = v2.k;
  v1.maxReconsumeTimes = v2.l;
  v1.batch = v2.m;
  return v1;
}

}  // namespace apogee::remoting

#include "sim/sim3_topics.h"

namespace gensr::sim {

const std::array<std::array<const char*, kSim3Paraphrases>, kSim3Topics>& sim3_topics() {
  static const std::array<std::array<const char*, kSim3Paraphrases>, kSim3Topics> kTopics = {{
      {"how do vaccines train the immune system",
       "in what way does a vaccine teach the body to fight a disease",
       "how vaccination prepares the immune defenses against infection",
       "the mechanism by which vaccines build immunity",
       "why does getting a vaccine make you immune to a virus"},
      {"what caused the stock market crash of 1929", "reasons behind the wall street crash in 1929",
       "why did share prices collapse in october 1929",
       "main causes of the great crash of the stock market in 1929",
       "what led to the 1929 market crash that started the great depression"},
      {"how to grow tomatoes on a balcony",
       "tips for growing tomato plants in pots on an apartment balcony",
       "can you raise tomatoes in containers on a small terrace",
       "best way to cultivate tomatoes in a balcony garden",
       "growing your own tomatoes outdoors without a garden, just a balcony"},
      {"symptoms of vitamin d deficiency", "signs that your body lacks vitamin d",
       "how do you know if you have low vitamin d levels",
       "what happens when you do not get enough vitamin d",
       "common health problems caused by too little vitamin d"},
      {"how does a heat pump heat a house", "working principle of a home heat pump for heating",
       "how can a heat pump warm a home using outside air",
       "explain how residential heat pumps produce heat in winter",
       "the way a heat pump moves heat into a building"},
      {"why did the western roman empire fall", "reasons for the decline and fall of rome",
       "what led to the collapse of the roman empire in the west",
       "causes of the end of the western roman empire",
       "how did the roman empire come to an end in the fifth century"},
      {"how to improve sleep quality naturally", "natural ways to sleep better at night",
       "habits that help you get deeper and more restful sleep",
       "how can i fall asleep faster without medication",
       "tips for better sleep without taking sleeping pills"},
      {"how do bees make honey", "the process honeybees use to turn nectar into honey",
       "how is honey produced inside a beehive", "what do bees do with nectar to create honey",
       "steps by which honey bees produce and store honey"},
      {"benefits of learning a second language for children",
       "why should kids learn a foreign language early",
       "advantages of bilingual education for young children",
       "how does learning another language help a child's development",
       "is it good for children to grow up speaking two languages"},
      {"how do noise cancelling headphones work",
       "the technology behind active noise cancellation in headphones",
       "how can headphones block out background noise electronically",
       "principle of anti noise in noise cancelling earphones",
       "why do noise cancelling headsets make surrounding sounds disappear"},
  }};
  return kTopics;
}

}  // namespace gensr::sim

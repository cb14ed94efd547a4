/*
 * vip-template.h: the built-in VIP questionnaire (version 1), in Russian
 * and English: the sections of seed 004. crm-vip(1) documents the format;
 * a unit test checks that both pass crm_vip_template_check.
 */
#ifndef CRM_VIP_TEMPLATE_H
#define CRM_VIP_TEMPLATE_H

static const char *const vip_builtin_ru[] = {
	"{\"title\": \"VIP-анкета\", \"language\": \"ru\", \"sections\": [",
	"{\"id\": \"company\", \"title\": \"Компания, дата встречи и сотрудник\","
	" \"help\": \"Название компании, дата встречи и сотрудник записываются сами.\","
	" \"questions\": ["
	"  {\"id\": \"company.attendees\", \"type\": \"text\","
	"   \"text\": \"Кто участвовал во встрече со стороны заказчика?\"}]},",
	"{\"id\": \"contacts\", \"title\": \"Ключевые лица\", \"questions\": ["
	"  {\"id\": \"contacts.key\", \"type\": \"contacts\","
	"   \"text\": \"Контактные данные ключевых лиц, ответственных за сотрудничество\"}]},",
	"{\"id\": \"carnegie\", \"title\": \"Вопросы по Карнеги\","
	" \"help\": \"Дайте клиенту рассказать много хорошего о своей компании.\","
	" \"questions\": ["
	"  {\"id\": \"carnegie.history\", \"type\": \"text\","
	"   \"text\": \"Как начиналась ваша компания и чем вы больше всего гордитесь?\"},"
	"  {\"id\": \"carnegie.success\", \"type\": \"text\","
	"   \"text\": \"Каких успехов компания добилась за последнее время?\"},"
	"  {\"id\": \"carnegie.plans\", \"type\": \"text\","
	"   \"text\": \"Каково положение компании на рынке и каковы планы её развития?\"}]},",
	"{\"id\": \"cooperation\", \"title\": \"Специфика сотрудничества\", \"questions\": ["
	"  {\"id\": \"cooperation.services\", \"type\": \"text\","
	"   \"text\": \"Какими нашими товарами и услугами вы пользуетесь и для каких задач?\"},"
	"  {\"id\": \"cooperation.rating\", \"type\": \"choice\", \"required\": true,"
	"   \"text\": \"Как вы оцениваете сотрудничество с нами?\","
	"   \"choices\": [\"отлично\", \"хорошо\", \"удовлетворительно\", \"плохо\"]},"
	"  {\"id\": \"cooperation.wishes\", \"type\": \"text\","
	"   \"text\": \"Что нам стоит изменить или улучшить в работе с вами?\"}]},",
	"{\"id\": \"quality\", \"title\": \"Объективное качество обслуживания\","
	" \"help\": \"Качество хорошее, только если выполнены все условия; иначе нужны"
	" технические работы.\","
	" \"questions\": ["
	"  {\"id\": \"quality.speed\", \"type\": \"number\", \"unit\": \"Мбит/с\", \"min\": 0,"
	"   \"text\": \"Фактическая скорость доступа\","
	"   \"help\": \"Не ниже скорости по договору: метка клиента speed=N.\","
	"   \"pass\": {\"at_least\": {\"tag\": \"speed\"}}},"
	"  {\"id\": \"quality.outage\", \"type\": \"yesno\", \"required\": true,"
	"   \"text\": \"Были ли заметные сбои связи за последний месяц?\","
	"   \"pass\": {\"expect\": false}}]},",
	"{\"id\": \"expand\", \"title\": \"Расширение сотрудничества\", \"questions\": ["
	"  {\"id\": \"expand.volume\", \"type\": \"text\", \"opportunity\": true,"
	"   \"label\": \"рост объёма\","
	"   \"text\": \"Где можно увеличить объём сотрудничества по имеющимся позициям?\"},"
	"  {\"id\": \"expand.units\", \"type\": \"text\", \"opportunity\": true,"
	"   \"label\": \"новые подразделения\","
	"   \"text\": \"Есть ли новые офисы, филиалы или подразделения, которым нужны наши"
	" услуги?\"}]},",
	"{\"id\": \"offers\", \"title\": \"Новые товары и услуги\", \"questions\": ["
	"  {\"id\": \"offers.interest\", \"type\": \"text\", \"opportunity\": true,"
	"   \"label\": \"новое предложение\","
	"   \"text\": \"Какие из наших новых товаров и услуг интересны клиенту?\"},"
	"  {\"id\": \"offers.topics\", \"type\": \"text\", \"opportunity\": true,"
	"   \"label\": \"новое направление\","
	"   \"text\": \"Какие ещё направления сотрудничества можно развить?\"}]},",
	"{\"id\": \"referrals\", \"title\": \"Рекомендации\", \"questions\": ["
	"  {\"id\": \"referrals.list\", \"type\": \"referrals\","
	"   \"text\": \"Кому из ваших знакомых могли бы быть интересны наши товары и"
	" услуги?\"}]}",
	"]}",
	NULL,
};

static const char *const vip_builtin_en[] = {
	"{\"title\": \"VIP questionnaire\", \"language\": \"en\", \"sections\": [",
	"{\"id\": \"company\", \"title\": \"Company, meeting date and employee\","
	" \"help\": \"The company, the date of the meeting and the employee are recorded"
	" by themselves.\","
	" \"questions\": ["
	"  {\"id\": \"company.attendees\", \"type\": \"text\","
	"   \"text\": \"Who took part in the meeting on the client's side?\"}]},",
	"{\"id\": \"contacts\", \"title\": \"Key contacts\", \"questions\": ["
	"  {\"id\": \"contacts.key\", \"type\": \"contacts\","
	"   \"text\": \"Contact details of the key people responsible for working with us\"}]},",
	"{\"id\": \"carnegie\", \"title\": \"Carnegie questions\","
	" \"help\": \"Let the client tell you much that is good about the company.\","
	" \"questions\": ["
	"  {\"id\": \"carnegie.history\", \"type\": \"text\","
	"   \"text\": \"How did your company start, and what are you most proud of?\"},"
	"  {\"id\": \"carnegie.success\", \"type\": \"text\","
	"   \"text\": \"What has the company achieved lately?\"},"
	"  {\"id\": \"carnegie.plans\", \"type\": \"text\","
	"   \"text\": \"Where does the company stand in its market, and what are its"
	" plans?\"}]},",
	"{\"id\": \"cooperation\", \"title\": \"Current cooperation\", \"questions\": ["
	"  {\"id\": \"cooperation.services\", \"type\": \"text\","
	"   \"text\": \"Which of our products and services do you use, and for what?\"},"
	"  {\"id\": \"cooperation.rating\", \"type\": \"choice\", \"required\": true,"
	"   \"text\": \"How do you rate working with us?\","
	"   \"choices\": [\"excellent\", \"good\", \"fair\", \"poor\"]},"
	"  {\"id\": \"cooperation.wishes\", \"type\": \"text\","
	"   \"text\": \"What should we change or improve in working with you?\"}]},",
	"{\"id\": \"quality\", \"title\": \"Objective quality of service\","
	" \"help\": \"Quality is good only when every condition holds; otherwise technical"
	" work is due.\","
	" \"questions\": ["
	"  {\"id\": \"quality.speed\", \"type\": \"number\", \"unit\": \"Mbit/s\", \"min\": 0,"
	"   \"text\": \"Actual access speed\","
	"   \"help\": \"Not below the contracted speed: the client's tag speed=N.\","
	"   \"pass\": {\"at_least\": {\"tag\": \"speed\"}}},"
	"  {\"id\": \"quality.outage\", \"type\": \"yesno\", \"required\": true,"
	"   \"text\": \"Was there a notable outage in the last month?\","
	"   \"pass\": {\"expect\": false}}]},",
	"{\"id\": \"expand\", \"title\": \"Room to expand\", \"questions\": ["
	"  {\"id\": \"expand.volume\", \"type\": \"text\", \"opportunity\": true,"
	"   \"label\": \"more volume\","
	"   \"text\": \"Where could we grow the volume of what the client already buys?\"},"
	"  {\"id\": \"expand.units\", \"type\": \"text\", \"opportunity\": true,"
	"   \"label\": \"new units\","
	"   \"text\": \"Are there new offices, branches or departments that need our"
	" services?\"}]},",
	"{\"id\": \"offers\", \"title\": \"New products and services\", \"questions\": ["
	"  {\"id\": \"offers.interest\", \"type\": \"text\", \"opportunity\": true,"
	"   \"label\": \"new offer\","
	"   \"text\": \"Which of our new products and services interest the client?\"},"
	"  {\"id\": \"offers.topics\", \"type\": \"text\", \"opportunity\": true,"
	"   \"label\": \"new line\","
	"   \"text\": \"What other lines of cooperation could we develop?\"}]},",
	"{\"id\": \"referrals\", \"title\": \"Referrals\", \"questions\": ["
	"  {\"id\": \"referrals.list\", \"type\": \"referrals\","
	"   \"text\": \"Who among your acquaintances could be interested in our products and"
	" services?\"}]}",
	"]}",
	NULL,
};

#endif

"""Reading a resident's message: where it comes from, what is needed, and how urgent it is.

`parse_message("我是王牌路25号1单元503的，我高血压犯了，脑壳又晕又痛，要马上去医院！")` gives
street 王牌路, building 25, unit 1, room 503, category `medical`, urgent. The address comes from
lib.address; the category and the urgency from word lists, read in one pass of an
Aho-Corasick automaton, and a few rules about which need wins when a message names two (see
`_category`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from lib.address import parse_normalised
from lib.chinese import numerals_to_digits, to_halfwidth, to_simplified

CATEGORIES = (
    "food", "medicine", "mother_baby", "medical", "utility",
    "errand", "inquiry", "sanitation", "emotional", "other",
)  # fmt: skip
GOODS = ("mother_baby", "medicine", "food")  # which goods win when a message names several

# Goods: what is bought or brought. A message asking for goods takes the goods' category.
WORDS: dict[str, tuple[str, ...]] = {
    "mother_baby": (
        "奶粉",
        "尿不湿",
        "纸尿裤",
        "尿片",
        "拉拉裤",
        "辅食",
        "米粉",
        "果泥",
        "奶瓶",
        "奶嘴",
        "婴儿湿巾",
        "婴儿",
        "吸奶器",
        "防溢乳垫",
        "磨牙饼干",
        "宝宝霜",
        "护臀膏",
        "爱他美",
        "飞鹤",
        "美赞臣",
        "惠氏",
        "雅培",
        "伊利金领冠",
        "君乐宝",
        "湿巾",
    ),
    "medicine": (
        "药",
        "布洛芬",
        "对乙酰氨基酚",
        "退烧药",
        "退烧贴",
        "降压药",
        "降糖药",
        "胰岛素",
        "抗原试剂",
        "抗原检测试剂",
        "抗原",
        "试剂盒",
        "创可贴",
        "碘伏",
        "酒精",
        "消毒液",
        "体温计",
        "温度计",
        "血糖试纸",
        "试纸",
        "血压计",
        "口罩",
        "连花清瘟",
        "感冒灵",
        "板蓝根",
        "维生素",
        "速效救心丸",
        "硝苯地平",
        "二甲双胍",
        "阿司匹林",
        "阿莫西林",
        "奥美拉唑",
        "蒙脱石散",
        "止咳糖浆",
        "糖浆",
        "藿香正气",
        "眼药水",
        "气雾剂",
        "沙丁胺醇",
        "处方",
        # Families of drug names, by the endings pharmacists know them by.
        "他汀",
        "地平",
        "沙坦",
        "普利",
        "洛尔",
        "西林",
        "霉素",
        "沙星",
        "拉唑",
        "口服液",
        "药片",
        "软膏",
        "滴剂",
        "开药",
        "配药",
        "拿药",
        "买药",
        "药品",
        "药店",
        "棉签",
        "纱布",
        "绷带",
        "氧气",
        "制氧机",
        "胶囊",
        "片剂",
        "冲剂",
        "颗粒",
        "喷剂",
        "膏药",
        "999",
        "益生菌",
    ),
    "food": (
        "大米",
        "米",
        "面粉",
        "面条",
        "挂面",
        "方便面",
        "泡面",
        "油",
        "食用油",
        "盐",
        "酱油",
        "醋",
        "糖",
        "鸡蛋",
        "土鸡蛋",
        "蛋",
        "肉",
        "猪肉",
        "牛肉",
        "鸡肉",
        "鱼",
        "排骨",
        "菜",
        "蔬菜",
        "青菜",
        "白菜",
        "土豆",
        "萝卜",
        "西红柿",
        "番茄",
        "黄瓜",
        "葱",
        "姜",
        "蒜",
        "水果",
        "香蕉",
        "苹果",
        "橘子",
        "牛奶",
        "酸奶",
        "面包",
        "馒头",
        "包子",
        "饺子",
        "汤圆",
        "稀饭",
        "小米",
        "粥",
        "盒饭",
        "饭",
        "吃的",
        "食物",
        "零食",
        "饼干",
        "矿泉水",
        "饮用水",
        "桶装水",
        "纯净水",
        "一桶水",
        "送水",
        "卫生纸",
        "纸巾",
        "抽纸",
        "厕纸",
        "洗衣液",
        "洗洁精",
        "洗发水",
        "沐浴露",
        "肥皂",
        "香皂",
        "牙膏",
        "牙刷",
        "卫生巾",
        "垃圾袋",
        "老干妈",
        "榨菜",
        "豆腐",
        "冻饺子",
        "速冻",
        "米面油",
        "粮",
        "断粮",
        "生活物资",
        "物资包",
        "蔬菜包",
        "物资",
        "生活用品",
        "日用品",
        "煤球",
        "吃东西",
        "东西吃",
        "冰箱是空",
    ),
    "pet": ("猫粮", "狗粮", "宠物粮", "猫砂", "宠物"),
}
# Asking for goods: the goods' category wins over a symptom mentioned beside them.
REQUEST_WORDS = (
    "买",
    "代买",
    "代购",
    "采购",
    "求购",
    "订",
    "帮带",
    "带点",
    "带一",
    "带两",
    "带一下",
    "捎",
    "送点",
    "送些",
    "送一",
    "送几",
    "送来",
    "送个",
    "需要",
    "要",
    "想要",
    "缺",
    "急需",
    "没了",
    "没有了",
    "用完",
    "吃完",
    "快没",
    "断了",
    "断药",
    "只剩",
    "只够",
    "不够",
    "补充",
    "帮忙",
    "麻烦",
    "能不能",
    "求助",
    "订购",
    "囤",
    "加一份",
    "再加",
    "想加",
    "给我",
)
# A person who needs care, a visit, transport or advice.
MEDICAL_WORDS = (
    "医院",
    "就医",
    "送医",
    "看病",
    "急诊",
    "门诊",
    "医生",
    "护士",
    "大夫",
    "120",
    "救护车",
    "急救",
    "透析",
    "化疗",
    "放疗",
    "产检",
    "复查",
    "手术",
    "打针",
    "疫苗",
    "狂犬",
    "发烧",
    "发热",
    "高烧",
    "低烧",
    "咳嗽",
    "头痛",
    "头疼",
    "头晕",
    "晕",
    "胸口",
    "胸痛",
    "心口",
    "心脏",
    "喘",
    "呼吸",
    "摔",
    "跌倒",
    "骨折",
    "出血",
    "流血",
    "血止不住",
    "伤口",
    "割伤",
    "抓伤",
    "咬",
    "抽搐",
    "惊厥",
    "昏迷",
    "叫不醒",
    "中风",
    "嘴歪",
    "说不出话",
    "羊水",
    "要生了",
    "宫缩",
    "阵痛",
    "见红",
    "临产",
    "孕妇",
    "阳性",
    "两道杠",
    "二道杠",
    "两条杠",
    "阳了",
    "高血压犯",
    "血压高",
    "血压有点高",
    "血糖高",
    "血糖很高",
    "不舒服",
    "疼",
    "痛",
    "出疹",
    "红肿",
    "腹泻",
    "拉肚子",
    "呕吐",
    "吐了",
    "误吞",
    "联系不上",
    "打不通",
    "没人接",
    "没有回应",
    "没动静",
    "上门看",
    "换药",
    "病",
    "症状",
    "犯了",
    "发紫",
    "糖尿病",
    "血糖",
    "体温",
    "发抖",
    "寒战",
    "乏力",
    "浑身",
    "嗓子疼",
    "喉咙痛",
    "鼻塞",
    "恶心",
    "抽筋",
    "过敏",
    "烫伤",
    "烧伤",
    "扭伤",
    "崴脚",
    "吞下",
    "吞了",
    "卡在喉咙",
    "卡喉咙",
    "噎",
)
# A care need so pressing that goods named beside it do not make it a shopping errand.
EMERGENCY_CARE = (
    "医院",
    "就医",
    "送医",
    "急诊",
    "120",
    "救护车",
    "急救",
    "摔倒",
    "跌倒",
    "晕倒",
    "叫不醒",
    "昏迷",
    "抽搐",
    "惊厥",
    "呼吸困难",
    "喘不上气",
    "喘不过气",
    "胸口痛",
    "胸痛",
    "要生了",
    "羊水破",
    "疫苗",
    "医生",
    "上门看",
    "阳性",
    "两道杠",
    "二道杠",
    "两条杠",
    "阳了",
    "抓伤",
    "咬伤",
    "咬了",
    "狂犬",
    "两条线",
    "吞下",
    "吞了",
    "卡在喉咙",
    "卡喉咙",
    "噎住",
)
# Fetching medicine from a hospital or pharmacy is a medicine errand, not a hospital visit.
MEDICINE_ERRAND = re.compile(r"开药|拿药|配药|买药|取药|代购药|处方")
UTILITY_WORDS = (
    "燃气",
    "煤气",
    "天然气",
    "气卡",
    "燃气卡",
    "水卡",
    "电卡",
    "电费",
    "水费",
    "气费",
    "充值",
    "缴费",
    "停水",
    "停电",
    "没电",
    "没水",
    "漏水",
    "滴水",
    "水管",
    "爆管",
    "跳闸",
    "电闸",
    "电梯",
    "维修",
    "修一下",
    "来修",
    "找人修",
    "坏了",
    "堵了",
    "下水道",
    "马桶",
    "漏气",
    "热水器",
    "网络",
    "断网",
    "宽带",
    "楼道的灯",
    "灯坏",
    "门锁坏",
    "燃气灶",
    "臭鸡蛋味",
    "煤气罐",
    "液化气",
    "淹水",
    "淹了",
    "反水",
    "返水",
    "冒水",
    "物业",
)
ERRAND_WORDS = (
    "打印",
    "复印",
    "扫描",
    "快递",
    "取件",
    "取件码",
    "代取",
    "拿快递",
    "取快递",
    "拿下",
    "取一下",
    "帮忙取",
    "帮忙拿",
    "拿个东西",
    "送上来",
    "送到",
    "开锁",
    "锁匠",
    "钥匙",
    "寄出",
    "寄件",
    "寄个",
    "文件",
    "材料",
    "跑腿",
    "外卖放",
    "放在门岗",
    "车里",
    "门岗",
    "拿一下",
    "合同",
)
SANITATION_WORDS = (
    "垃圾",
    "消杀",
    "消毒",
    "清运",
    "清理",
    "清走",
    "垃圾桶",
    "垃圾袋满",
    "楼道卫生",
    "厨余",
    "很臭",
    "呕吐物",
    "吐了",
)
EMOTIONAL_WORDS = (
    "崩溃",
    "焦虑",
    "睡不着",
    "失眠",
    "想哭",
    "害怕",
    "抑郁",
    "压抑",
    "孤独",
    "情绪",
    "心情",
    "吵架",
    "家暴",
    "心理",
    "聊聊",
    "想不开",
    "不想活",
    "撑不下去",
    "受不了",
    "心里很慌",
    "心慌",
    "烦躁",
    "轻生",
    "自杀",
    "撑不住",
    "难受",
    "哭",
    "说说话",
    "陪她",
    "陪他",
    "陪伴",
    "谈心",
)
# Offers to volunteer or to give: "other", even when they name goods.
OFFER_WORDS = (
    "义诊",
    "愿意为",
    "愿意帮",
    "可以免费",
    "志愿者报名",
    "报名当志愿者",
    "当志愿者",
    "加入志愿",
    "志愿服务队",
    "捐",
    "捐赠",
    "捐给",
    "多余的",
    "可以分给",
    "送给需要",
)
OTHER_WORDS = ("谢谢志愿者", "辛苦了", "装修", "太吵", "噪音", "钱包", "捡到", "失物")
# Pets and their troubles are "other"; a bite or a scratch is a person's emergency.
PET_WORDS = ("兽医", "遛狗", "遛", "猫", "狗", "鹦鹉", "宠物", "仓鼠", "兔子", "金鱼")
INQUIRY_WORDS = (
    "什么时候",
    "几点",
    "多久",
    "哪里",
    "在哪",
    "怎么办理",
    "怎么预约",
    "如何",
    "是否",
    "可不可以",
    "可以下楼",
    "能出",
    "能不能出",
    "解封",
    "封控区",
    "管控区",
    "防范区",
    "隔离",
    "健康码",
    "行程码",
    "政策",
    "规定",
    "通知",
    "证明",
    "出入",
    "通行",
    "核酸",
    "结果",
    "免费",
    "发放",
    "发吗",
    "上班",
)
QUESTION = re.compile(r"[?？]|请问|吗|什么时候|几点|怎么|如何|哪里|多久|是否|可不可以|能不能")

# Life or health at risk now or within hours. Matched on the simplified message.
URGENT = re.compile(
    "|".join(
        (
            r"胸口痛|胸口疼|胸痛|心口痛|心口疼|心脏病犯|心梗|脑梗|中风|嘴歪|说不出话",
            r"喘不上气|喘不过气|呼吸困难|憋气|上不来气|透不过气",
            r"大出血|血止不住|流血不止|血流不止|出了很多血|吐血|出血了",
            r"摔倒|跌倒|摔伤|摔了一跤|起不来|骨折",
            r"咬了|咬伤|被.{0,3}咬|抓伤|狂犬",
            r"要生了|羊水破|破水|宫缩|见红|临产|阵痛|一阵一阵地痛",
            r"抽搐|惊厥|昏迷|叫不醒|晕倒|昏倒|不省人事|意识不清|发紫",
            r"阳性|两道杠|二道杠|两条杠|两条线|阳了",
            r"透析",
            r"煤气味|燃气味|漏气|臭鸡蛋味|天然气泄漏|燃气泄漏",
            r"爆管|水管爆|水管破|水管裂|淹水|水漫",
            r"联系不上|打不通|没人接|没有回应|没动静|没有动静",
            r"(?<!\d)120(?!\d)|救护车|急救|马上去医院|立即就医|急需就医|送医院|赶紧去医院",
            r"马上.{0,4}医院",
            r"高烧不退|(?<!\d)(?:40|41|42)(?:\.\d)?度",
            r"不想活|想不开|轻生|自杀",
            r"误吞|误食|卡住了|噎住|吞下去|吞了.{0,4}(?:硬币|电池|东西|药)|卡在喉咙",
            r"几天没吃|两天没吃|三天没吃|没吃的了.{0,6}(?:两天|几天)|(?:两天|几天).{0,6}没吃",
        )
    )
)
# A high fever or a burn is urgent in a baby or a child; a fever in an adult from 40 degrees.
CHILD = re.compile(r"宝宝|婴儿|孩子|小孩|娃|新生儿|儿童|幼儿|儿子|女儿")
HIGH_FEVER = re.compile(r"高烧|高热|(?<!\d)39(?:\.\d)?度|(?<!\d)39度\d|烫伤|烧伤|大水泡")
# A blood pressure of 180 and above, or dizziness that keeps someone off their feet.
DANGEROUS = re.compile(r"血压(?:到|有|是)?\s*(?:1[89]\d|2\d\d)|站不住|站不稳|走不了路")
# Running out of insulin is urgent; running out of most medicine is not.
INSULIN_OUT = re.compile(r"胰岛素.{0,8}(?:没了|没有了|用完|只剩|断了|不够|快没)")
NOT_URGENT = re.compile(r"不急|不着急|不用急|不是很急|有空再|方便的时候")

_LEXICON: dict[str, list[str]] = {}
for _goods, _list in WORDS.items():
    for _word in _list:
        _LEXICON.setdefault(_word, []).append(f"goods:{_goods}")
for _tag, _list in (
    ("request", REQUEST_WORDS), ("medical", MEDICAL_WORDS), ("emergency", EMERGENCY_CARE),
    ("utility", UTILITY_WORDS), ("errand", ERRAND_WORDS), ("sanitation", SANITATION_WORDS),
    ("emotional", EMOTIONAL_WORDS), ("other", OTHER_WORDS), ("inquiry", INQUIRY_WORDS),
    ("offer", OFFER_WORDS), ("pet", PET_WORDS),
):  # fmt: skip
    for _word in _list:
        _LEXICON.setdefault(_word, []).append(_tag)
# Longest first, so that 胰岛素 is read before 素 and 抗原试剂 before 抗原.


# Aho-Corasick finds every word of the lexicon in one pass, leftmost-longest (胰岛素 before 素):
# a few microseconds a message, where one regular expression of 600 words took fifteen.
_AUTOMATON = ahocorasick.Automaton()
for _word in _LEXICON:
    _AUTOMATON.add_word(_word, _word)
_AUTOMATON.make_automaton()


def _words(text: str) -> Iterator[str]:
    for end, word in _AUTOMATON.iter_long(text):
        if word.isdigit():
            # 120 counts only standing alone, never inside a room or a phone number.
            start = end - len(word) + 1
            if (start > 0 and text[start - 1].isdigit()) or text[end + 1 : end + 2].isdigit():
                continue
        yield word


@dataclass(frozen=True)
class ParsedMessage:
    street: str | None = None
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    category: str = "other"
    urgent: bool = False
    items: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "street": self.street,
            "building": self.building,
            "unit": self.unit,
            "room": self.room,
            "category": self.category,
            "urgent": self.urgent,
            "items": list(self.items),
        }


def parse_message(text: str) -> ParsedMessage:
    text = to_simplified(to_halfwidth(text or "")).lower()
    address = parse_normalised(numerals_to_digits(text))
    tags: dict[str, int] = {}
    goods: dict[str, list[str]] = {}
    for word in _words(text):
        for tag in _LEXICON[word]:
            tags[tag] = tags.get(tag, 0) + 1
            if tag.startswith("goods:"):
                goods.setdefault(tag[6:], []).append(word)
    category = _category(text, tags, goods)
    items: tuple[str, ...] = ()
    if category in GOODS:
        items = tuple(dict.fromkeys(goods.get(category, [])))
    return ParsedMessage(
        street=address.street,
        building=address.building,
        unit=address.unit,
        room=address.room,
        category=category,
        urgent=_urgent(text, category),
        items=items,
    )


def _category(text: str, tags: dict[str, int], goods: dict[str, list[str]]) -> str:
    question = bool(QUESTION.search(text))
    asks = "request" in tags
    named = [c for c in GOODS if c in goods]
    if "offer" in tags:
        return "other"
    if ("pet" in goods or "pet" in tags) and not named and "emergency" not in tags:
        return "other"
    if "medicine" in goods and MEDICINE_ERRAND.search(text):
        return "medicine"
    # Disinfection after a case is a sanitation request, not a medical one.
    if tags.get("sanitation") and not _care_first(text):
        return "sanitation"
    # A person in need of care now is medical, whatever goods the message also names.
    if "emergency" in tags and not (named and asks and not _care_first(text)):
        return "medical"
    if named and (asks or not question):
        return named[0]
    if tags.get("sanitation"):
        return "sanitation"
    if tags.get("medical"):
        return "medical"
    for category in ("utility", "errand", "emotional"):
        if tags.get(category):
            return category
    if named:
        return "inquiry" if question else named[0]
    if tags.get("other"):
        return "other"
    if question or tags.get("inquiry"):
        return "inquiry"
    return "other"


CARE_FIRST = re.compile(
    r"去医院|送医|就医|(?<!\d)120(?!\d)|救护车|急救|摔倒|跌倒|晕倒|昏迷|抽搐|惊厥|呼吸困难"
    r"|喘不上气|胸口痛|胸痛|要生了|羊水破|打疫苗|狂犬|医生上门|上门看"
)
POSITIVE_TEST = re.compile(r"阳性|两道杠|二道杠|两条杠|两条线|阳了")


def _care_first(text: str) -> bool:
    return bool(CARE_FIRST.search(text))


def _urgent(text: str, category: str) -> bool:
    if INSULIN_OUT.search(text):
        return True
    if HIGH_FEVER.search(text) and CHILD.search(text):
        return True
    if DANGEROUS.search(text):
        return True
    found = URGENT.findall(text)
    # A case mentioned in a request to disinfect or a question is news, not an emergency here.
    if category in ("sanitation", "inquiry") and all(POSITIVE_TEST.fullmatch(f) for f in found):
        return False
    urgent = bool(found)
    if urgent and NOT_URGENT.search(text) and category not in ("medical", "utility"):
        return False
    return urgent

"""The demo's complaint tickets 投诉工单: about 150 complaints of the last three weeks
over the demo's customers, their vehicles and the five dealers, in every status —
some just taken down, some waiting on a department, a few long overdue and escalated,
most closed with the customer satisfied, some closed by policy after the follow-up
calls went unanswered, some reopened once because the customer was not satisfied.

Nothing is written behind the workflow's back: every ticket is opened with
`handling.open_ticket` and moved on with `handling.act`, each action by someone allowed
to take it (the agent who took the complaint, the supervisor, the department's
people), at back-dated times in order. The SLA ladder is swept as the demo's past
unfolds, so each warning and escalation is written when it fell due, and the log,
the clocks and the bell are what the workflow makes of that past. For a seed the
complaints and their stories are always the same, as the rest of the demo; their
times are counted back from when the demo is made."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Min
from django.test.utils import override_settings
from django.utils import timezone

from huifang.customers.models import Customer
from huifang.tickets import handling
from huifang.tickets.intake import NOT_APPLICABLE
from huifang.tickets.models import DepartmentMember, Notification, Ticket
from huifang.tickets.routing import default_table
from huifang.tickets.statuses import CLOSED, OPEN, WAITING

DAYS = 21  # the demo's tickets were opened over the last three weeks
AGENTS = ("agent1", "agent2", "agent3")
SUPERVISOR = "supervisor"  # head of customer relations; takes its department's part too


@dataclass(frozen=True)
class Complaint:
    """One kind of complaint as customers put it. The texts may name {product},
    {station}, {dealer}, {d1} (a date some weeks before), {d2} (a few days before),
    {km} and {n}."""

    description: str
    parts: str  # 不涉及 when no part is concerned
    happened: str
    request: str
    result: str  # what the department found and did
    severities: tuple[str, ...] = ("normal",)


C = Complaint
# fmt: off
CATALOGUE: dict[str, tuple[Complaint, ...]] = {
    "repair_quality": (
        C("保养后发动机舱有“吱吱”异响，回店检查说正常，没给处理", "发动机皮带、张紧轮",
          "{d1}在{station}做{km}公里保养，第二天开始冷车有异响；{d2}回店，技师听了一下说正常就让走了。",
          "重新检查并彻底修好，不想再来回跑",
          "服务站复检确认张紧轮轴承磨损，已免费更换皮带和张紧轮，试车无异响；服务站就首次检查不仔细向客户致歉。",
          ("normal", "important")),
        C("同一个漏油问题修了三次还在漏，车库地上天天一摊油", "油底壳密封垫",
          "{d1}第一次发现漏油，{station}换过两次密封胶，{d2}又漏，客户已经跑了{n}趟。",
          "换新油底壳，延长这部分的保修，并补偿误工",
          "质量工程师到店会诊，确认油底壳变形，已更换油底壳总成并延长该部位保修一年，赠送一次基础保养。",
          ("important",)),
        C("保养单上写了换空调滤芯，拆开一看还是旧的", "空调滤芯",
          "{d1}在{station}保养，结算单上有更换空调滤芯；客户自己拆开发现是旧滤芯，上面还有去年写的日期。",
          "退还滤芯费用，书面道歉，查清其他项目是不是也没做",
          "经核实为技师漏换，已退还滤芯费用并免费补换，服务站对当班技师通报批评，并逐项复核了本次保养项目。",
          ("normal",)),
    ),
    "repair_delay": (
        C("事故车定损完二十多天还没修好，每次问都说快了", "前保险杠、左前大灯",
          "{d1}事故后送到{station}，当天定损；之后客户多次询问，服务顾问只说在排工，没有给过完工日期。",
          "本周内交车，维修期间提供代步车",
          "服务站调整排工优先处理，已于约定日期交车，并按代步车政策补偿客户交通费用。",
          ("normal", "important")),
        C("约好当天取车，到店又说明天，白请了一天假", NOT_APPLICABLE,
          "{d2}服务顾问电话通知下午可以取车，客户请假到店后被告知还要一天，没有人提前打招呼。",
          "服务站道歉，以后有变化提前通知",
          "服务站向客户当面致歉，赠送一次免费洗车，并规定完工时间有变化须提前两小时电话告知客户。",
          ("minor", "normal")),
    ),
    "service_attitude": (
        C("服务顾问态度很差，问几句就不耐烦，说“爱修不修”", NOT_APPLICABLE,
          "{d2}到{station}咨询保修政策，服务顾问边看手机边回答，客户追问时说“爱修不修”。",
          "经销商正式道歉，换一个服务顾问接待",
          "网络管理部约谈经销商服务经理，该服务顾问已停岗培训，经销商总经理电话向客户道歉，后续由服务经理专人接待。",
          ("normal",)),
        C("打了三次电话都没人接，说好回电也没回", NOT_APPLICABLE,
          "客户{d1}起三次致电{station}预约维修，两次无人接听，一次说回电，之后一直没有回音。",
          "尽快安排预约，以后电话要有人接",
          "经销商已为客户安排预约，并调整前台值守，来电未接须当天回拨，网络管理部将该店列入本月抽查。",
          ("minor", "normal")),
    ),
    "charges": (
        C("收费不透明，结算时多了好几项没说过的费用", "节气门清洗、燃油添加剂",
          "{d2}在{station}做保养，报价480元，结算变成1160元，多出节气门清洗、燃油添加剂等项目，事先没人征求意见。",
          "退还没经过同意的项目费用，说明每一项收费",
          "经核实节气门清洗、燃油添加剂未经客户确认，已全额退还680元；服务站修订报价流程，增项须客户签字确认。",
          ("normal",)),
        C("保修期内的故障还收了工时费", "水泵",
          "车辆在保修期内，{d2}水泵漏水到{station}更换，配件免费但收了360元工时费。",
          "退还工时费",
          "确认该故障属保修范围，工时费应由厂家承担，已退还客户360元，并向服务站重申保修结算规定。",
          ("normal",)),
    ),
    "warranty": (
        C("质保期内减震器漏油，服务站说是人为损坏不给保", "左前减震器",
          "{d1}发现左前减震器漏油，{station}检查后说是“托底造成”，不属于保修；客户说从来没有托过底。",
          "按质保免费更换",
          "厂家质量工程师复核照片和旧件，未发现外力损伤痕迹，按保修免费更换左前减震器。",
          ("normal", "important")),
        C("新车不到一年天窗漏水，说要等厂家审批", "天窗排水管",
          "{d1}下雨后车顶内衬湿了，到{station}检查说天窗排水管脱落，要报厂家审批，已经等了{n}周。",
          "尽快修好，内衬泡过水的要一起换",
          "保修审批已加急通过，服务站重新安装排水管并更换车顶内衬，淋水试验无渗漏。",
          ("normal",)),
    ),
    "parts_supply": (
        C("等件超过两周，配件一直说在路上", "右后尾灯总成",
          "{d1}在{station}定了右后尾灯总成，说一周到货，到现在问了几次都说在路上，车只能开着一只尾灯。",
          "给个准确到货时间，一周内换上",
          "配件部查到该件在区域库缺货，已从邻近省份中心库调货，三天后到店并完成更换。",
          ("normal", "important")),
        C("保险杠订了一个月还没到，车一直停在店里", "前保险杠",
          "{d1}事故后送修，前保险杠要订货，服务站说两周到，现在已经一个月，车一直停在店里。",
          "马上到货修好，停在店里这段时间要有说法",
          "配件部确认供应商延期交付，已安排空运，到货后优先维修；按缺件补偿政策给客户延保半年。",
          ("important",)),
    ),
    "parts_quality": (
        C("新换的刹车片才两千公里就有尖叫声", "前刹车片",
          "{d1}在{station}更换前刹车片，开了两千公里左右刹车时有尖叫声，回店说是新片磨合。",
          "换成原厂件，查清是不是副厂件",
          "经检查刹车片为原厂件但批次有质量问题，已免费更换新批次刹车片并打磨刹车盘，试车无异响。",
          ("normal", "important")),
        C("换的电瓶三个月就亏电，早上打不着火", "蓄电池",
          "{d1}在{station}换了新电瓶，最近一个月早上打不着火，已经搭电{n}次。",
          "换新电瓶，查清是电瓶还是车有漏电",
          "检测确认蓄电池内部故障，车辆无漏电；已按配件质保免费更换蓄电池。",
          ("important",)),
    ),
    "engine": (
        C("冷车启动抖得厉害，发动机故障灯亮了", "点火线圈",
          "{d2}早上冷车启动抖动明显，仪表发动机故障灯亮，客户自己开到{station}，说要等技术支持。",
          "尽快修好，修好前要能正常开",
          "诊断为第三缸点火线圈故障，已更换并清除故障码，连续三天冷启动正常。",
          ("important",)),
        C("高速上突然没动力，故障灯亮，差点出事", "涡轮增压器",
          "{d2}在高速上行驶时突然动力中断，仪表报发动机故障，客户紧急靠边后叫了救援拖到{station}。",
          "查清原因，换新发动机或退车，要有书面说法",
          "质量部到店检测确认涡轮增压器执行器失效，已更换涡轮增压器总成；书面检测报告已交客户，并补偿救援费用。",
          ("urgent",)),
        C("烧机油，每五千公里要补一升", "活塞环",
          "客户从{d1}开始记录，每五千公里机油少一升多，{station}做过两次烧机油测试，结论都是正常范围。",
          "彻底解决烧机油，不行就换发动机",
          "质量部监督下做了标准机油消耗测试，确认超标，已按保修更换活塞环并清理积碳，复测合格。",
          ("important",)),
    ),
    "gearbox": (
        C("变速箱顿挫，低速换挡时车往前一冲", "7DCT变速箱",
          "{d1}开始低速一挡升二挡明显顿挫，{station}做过一次变速箱自适应，好了两天又顿，已经进站{n}次。",
          "彻底修好，修不好要换变速箱总成",
          "质量部技术支持到店，确认离合器模块磨损，已更换离合器模块并升级变速箱程序，路试二十公里换挡平顺。",
          ("normal", "important")),
        C("倒挡有时挂不进去，挂上又跳出来", "变速箱换挡拨叉",
          "{d2}起倒车时倒挡挂不进去，挂上后会自己跳回空挡，在小区里差点溜车。",
          "马上检查，确认安全前不敢开",
          "拆检发现换挡拨叉变形，已更换拨叉并复检变速箱，倒挡工作正常。",
          ("urgent", "important")),
    ),
    "electrical": (
        C("中控屏经常黑屏死机，倒车影像用不了", "中控屏主机",
          "{d1}开始中控屏隔几天黑屏一次，重启后才好；倒车时黑屏看不到影像，{station}升级过一次系统没用。",
          "换新中控屏主机",
          "确认为主机硬件故障，已免费更换中控屏主机，观察一周未再黑屏。",
          ("normal",)),
        C("车停一晚上就没电，已经搭电三次", "车身控制模块",
          "{d2}前后车辆停放一夜就无法启动，已经叫了三次搭电，{station}换过电瓶问题依旧。",
          "找到漏电原因彻底修好",
          "检测发现车身控制模块休眠异常导致漏电，已更换模块，静态电流恢复正常。",
          ("important",)),
    ),
    "chassis": (
        C("刹车踩下去发软，刹车距离明显变长", "制动总泵",
          "{d2}起刹车踏板变软变深，一次路口刹车差点追尾，客户不敢再开，车停在{station}门口。",
          "马上检查处理，确认安全再交车，要书面检测结果",
          "检查确认制动总泵内泄，已更换总泵并排空气，制动性能检测合格，书面报告已交客户。",
          ("urgent",)),
        C("高速跑偏，方向盘抖，四轮定位做了两次都没好", "转向横拉杆",
          "车速过一百方向盘抖动并向右跑偏，{station}做了两次四轮定位，{d2}上高速仍然一样。",
          "找到根本原因修好",
          "复检发现右侧转向横拉杆球头松旷，已更换横拉杆并重新定位，高速试车无抖动、不跑偏。",
          ("important",)),
    ),
    "body_paint": (
        C("提车三个月车顶漆面起泡", "车顶漆面",
          "{d1}洗车时发现车顶有几处起泡，车一直停地下车库，没有碰过。",
          "按质量问题重新喷漆，用原厂漆",
          "质量部确认为漆面附着力问题，已在授权钣喷中心整顶重新喷涂，并出具漆面质保。",
          ("normal",)),
        C("下雨后车里进水，后排脚垫全湿", "左后门密封条",
          "{d2}下雨后发现后排脚垫湿透，{station}检查说密封条没问题，让客户再观察。",
          "找到漏水点修好，泡湿的地毯要换",
          "淋水试验确认左后门密封条安装不到位，已更换密封条和后排地毯，复试无渗水。",
          ("normal",)),
    ),
    "noise": (
        C("保养后底盘异响，过减速带“咯噔”一声", "前稳定杆衬套",
          "{d1}在{station}做{km}公里保养后，过减速带前底盘“咯噔”响，回店两次说正常。",
          "把异响修好",
          "举升检查确认前稳定杆衬套老化，已免费更换两侧衬套，路试过减速带无异响。",
          ("normal", "minor")),
        C("仪表台里面有异响，走烂路吱吱响", "仪表台",
          "走颠簸路面时仪表台右侧“吱吱”响，{station}贴过一次毛毡，好了一周又响。",
          "彻底处理好异响",
          "拆检仪表台发现线束卡扣松脱摩擦，已重新固定并加装消音垫，试车无异响。",
          ("minor",)),
    ),
    "aircon": (
        C("空调不制冷，刚加过冷媒一个月又不凉了", "空调冷凝器",
          "{d1}空调不凉到{station}加了冷媒，一个月后又不制冷，天热车里没法坐人。",
          "找到漏点修好，不要再只加冷媒",
          "检漏发现冷凝器有砂眼，已按保修更换冷凝器并加注冷媒，出风温度恢复正常。",
          ("normal", "important")),
        C("空调出风有酸臭味", "空调蒸发箱",
          "{d2}开空调出风有酸臭味，换过空调滤芯还是有味道，家里有小孩很担心。",
          "清洗空调系统，没有异味",
          "已免费清洗蒸发箱并做杀菌处理，更换空调滤芯，客户确认异味消除。",
          ("minor",)),
    ),
    "ev_battery": (
        C("充电充到百分之八十就自动停，续航比宣传少一大截", "动力电池",
          "{d1}起家用充电桩充到百分之八十就停止充电，满电续航只有两百多公里，比宣传的少很多。",
          "检测电池，续航达不到要有说法",
          "新能源技术部远程读取电池数据并到店检测，电池管理系统标定异常，已升级程序，充电和续航恢复正常。",
          ("important", "normal")),
        C("快充桩充不进电，报充电系统故障", "车载充电机",
          "{d2}在公共快充桩上充电，插枪后仪表报充电系统故障，换了几个桩都一样，只能用慢充。",
          "尽快修好快充",
          "检测确认快充口温度传感器故障，已更换快充口总成，快充测试正常。",
          ("important",)),
        C("开着开着提示动力电池故障，车被限速", "电池管理系统",
          "{d2}行驶中仪表提示动力电池故障，车辆被限速到三十公里，客户在路边等了两个小时救援。",
          "查清电池有没有安全问题，书面说明，不行就换电池",
          "新能源技术部检测确认电池管理系统采样线束接触不良，已更换线束并做绝缘检测，电池无安全隐患，书面报告已交客户。",
          ("urgent",)),
    ),
    "insurance_claim": (
        C("理赔拖了一个多月，保险公司和4S店互相推", "后保险杠、右后翼子板",
          "{d1}追尾后在{station}报案定损，维修完一个多月理赔款还没到，保险公司说等店里资料，店里说资料早交了。",
          "尽快理赔到账，讲清楚卡在哪里",
          "保险业务部协调保险公司，发现缺一份维修发票复印件，已补交，理赔款三个工作日内到账。",
          ("normal",)),
        C("定损金额和维修报价差太多，让客户自己补差价", "前机盖",
          "{d2}定损金额2800元，{station}维修报价4600元，要客户自己补差价，双方都说是对方的问题。",
          "按实际维修费用理赔，不自己掏钱",
          "保险业务部组织二次定损，核定前机盖更换，按维修报价赔付，客户无需补差价。",
          ("normal",)),
    ),
    "sales_promise": (
        C("销售承诺的赠品没兑现，说好的行车记录仪和三次保养到现在都没有", NOT_APPLICABLE,
          "{d1}在{dealer}买车，销售口头承诺送行车记录仪和三次免费保养，提车后问了几次，销售说要等活动审批。",
          "兑现当时承诺的赠品",
          "经核实销售顾问确有承诺，经销商已为客户安装行车记录仪，并在会员系统登记三次免费保养。",
          ("normal",)),
        C("买车时说好的置换补贴五千元一直没到账", NOT_APPLICABLE,
          "客户{d1}在{dealer}置换购车，合同写明置换补贴五千元，至今未到账，销售说厂家还没返。",
          "补贴尽快到账，给书面时间",
          "确认补贴资料漏报，已补报并由经销商先行垫付五千元，客户已收到。",
          ("normal", "important")),
    ),
    "delivery": (
        C("交车时发现车门有划痕，销售说补补漆就行", "右前门",
          "{d2}在{dealer}提车，交车时发现右前门有两道划痕，销售说补漆就好，客户不同意。",
          "新车不接受补漆，要么换车门要么有补偿",
          "经销商与客户协商，更换右前门外板并原厂喷漆，另赠送一年免费洗车。",
          ("normal",)),
        C("约好的交车日期一拖再拖，已经推迟三次", NOT_APPLICABLE,
          "合同约定{d1}交车，之后三次推迟，每次都是到前一天才通知，客户已经交了全款。",
          "给确定的交车日期，延期要有补偿",
          "已查明为在途车辆调配延误，经销商确定交车日期并按合同支付延期补偿。",
          ("important",)),
    ),
    "documents": (
        C("提车一个月了还拿不到合格证，上不了牌", NOT_APPLICABLE,
          "{d1}在{dealer}提车，合格证一直说在总部，临时牌照快过期了，客户上不了牌。",
          "一周内拿到合格证",
          "经销商合格证被金融机构质押，已督促其赎证，合格证当周交给客户，并协助办理上牌。",
          ("important",)),
        C("购车发票名字开错了，要求重开一直没办", NOT_APPLICABLE,
          "{d1}在{dealer}购车，发票上客户姓名写错一个字，影响办理保险和上牌，说了几次要重开一直没办。",
          "尽快重开发票",
          "经销商已作废原发票并重新开具，新发票已寄给客户。",
          ("normal", "minor")),
    ),
    "other": (
        C("手机APP远程控制绑定不上，打了几次电话都说不清找谁", NOT_APPLICABLE,
          "{d2}起手机APP绑定车辆一直失败，打了400热线和经销商电话，互相让对方处理。",
          "有人负责把APP绑好",
          "客户关系部联系车联网运营，确认账号信息错误，已更正并协助客户完成绑定。",
          ("minor",)),
        C("会员积分兑换的礼品一直没收到", NOT_APPLICABLE,
          "{d1}用会员积分兑换了车载吸尘器，到现在一个月了没收到，也查不到物流。",
          "把礼品寄到，或者退还积分",
          "客户关系部核实礼品漏发，已补寄并提供快递单号，客户已签收。",
          ("minor",)),
    ),
}
# fmt: on
NO_STATION = frozenset({"sales_promise", "delivery", "documents", "other"})
# How often each category is heard (the rest once each).
WEIGHTS = {"repair_quality": 4, "gearbox": 3, "noise": 2, "parts_supply": 3, "charges": 3,
           "repair_delay": 3, "service_attitude": 3, "engine": 2, "sales_promise": 2,
           "electrical": 2, "ev_battery": 2, "insurance_claim": 2, "other": 2}  # fmt: skip
# Complaints that some routed ticket is sure to be about (category, dealer or None),
# so every department has something: insurance, new energy, customer relations, the
# south region.
COVER = (("insurance_claim", None), ("ev_battery", None), ("other", None),
         ("sales_promise", "GD01"), ("delivery", "GD01"), ("service_attitude", None))  # fmt: skip
EV = "欧拉好猫"  # the one battery-electric model of the demo archive

# fmt: off
# How the customer put it when the result did not satisfy him, by category group.
NOT_SATISFIED = {
    "车辆质量": ["客户说：“修完开了三天又是老样子，等于没修。”", "客户说：“问题还在，我不接受这个结果。”"],
    "售后服务": ["客户说：“钱退了一半，另一半没人说。”", "客户说：“道歉只是电话里说了一句，没有诚意。”"],
    "配件": ["客户说：“换上的还是同一批的件，过两天又会坏。”"],
    "保险": ["客户说：“到账的钱比说好的少，还差一千多。”"],
    "销售": ["客户说：“说好的东西还是没见到，别再拿审批糊弄我。”"],
    "其他": ["客户说：“还是不行，我不想再打电话了。”"],
}
WAITING_NOTES = {
    "customer": ["客户出差，约定下周回来后到店检测", "等客户把行车记录仪视频发过来", "客户要和家人商量是否接受方案"],
    "dealer": ["等服务站提供维修记录和检测报告", "等经销商核实当时的销售合同", "等服务站把旧件寄回做鉴定"],
}
RESUMED = {"customer": "客户已到店，继续处理", "dealer": "资料已收到，继续处理"}
STARTED = ["已联系服务站了解情况", "已电话联系客户，约定到店检测时间", "已安排技术人员跟进", ""]
UPDATES = ["已电话告知客户目前的进展和预计完成时间", "已告知客户配件到货时间，客户同意等待",
           "已向客户说明检测安排，客户表示理解"]
ESCALATED = ["客户情绪激动，表示要向12315投诉", "客户第三次来电催问，要求主管出面"]
ESCALATED_UP = "客户对处理进度不满，升级到上级部门督办"
SATISFIED_NOTES = {"satisfied": "客户对处理结果满意，感谢回访", "fairly_satisfied": "客户基本满意，希望以后处理再快一些"}
NOT_REACHED = "回访三次均无人接听，按规定关闭"
RAISED = "客户再次来电，车辆已无法正常使用，严重程度调高"
CALLED_AGAIN = "客户再次来电催问，已告知处理进度"
# fmt: on

# The tickets' stories: how many, and the steps each took. "escalate" goes to the
# supervisor, "escalate_up" to the higher department (the supervisor when there is
# none); "update" is a department's word to the customer; "raise" corrects the
# severity upwards; "reopen_later" is a closed ticket reopened when the customer
# called again.
_WORKED = ("route", "start")
_RETURNED = (*_WORKED, "return_result")
_CALLED = (*_RETURNED, "start_feedback")
STORIES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (10, ()),
    (11, ("route",)),
    (3, ("route", "escalate")),
    (10, _WORKED),
    (5, (*_WORKED, "update")),
    (3, ("route", "escalate_up", "start")),
    (2, ("raise", "route", "start", "escalate")),
    (3, (*_CALLED, "reopen", "start")),
    (2, (*_WORKED, "wait", "resume")),
    (8, (*_WORKED, "wait")),
    (4, ("route", "wait")),
    (12, _RETURNED),
    (12, _CALLED),
    (36, (*_CALLED, "close")),
    (4, (*_WORKED, "wait", "resume", "return_result", "start_feedback", "close")),
    (4, ("route", "escalate_up", "start", "return_result", "start_feedback", "close")),
    (10, (*_CALLED, "close_by_policy")),
    (8, (*_CALLED, "reopen", "start", "return_result", "start_feedback", "close")),
    (3, (*_CALLED, "close", "reopen_later", "start", "return_result", "start_feedback", "close")),
)
# Hours the step usually comes after the one before (low, high); squeezed when the
# ticket is younger than that.
GAPS = {
    "route": (0.1, 1.5), "start": (0.5, 8), "update": (8, 30), "wait": (2, 30),
    "resume": (24, 96), "return_result": (12, 96), "start_feedback": (1, 24),
    "close": (0.05, 0.3), "close_by_policy": (24, 72), "reopen": (0.05, 0.3),
    "reopen_later": (24, 96), "escalate": (4, 30), "escalate_up": (8, 40), "raise": (0.5, 4),
}  # fmt: skip
# How old a ticket ending in a status is, in days (low, high). An open ticket is
# that old when it is one of the late ones (LATE of them); the others were opened
# within the last RECENT days, most of them still within their time.
AGES = {"new": (1, 3), "routed": (1.5, 5), "in_progress": (3, 14), "waiting": (2, 12),
        "result_returned": (2, 8), "feedback_call": (2, 6), "closed": (3, DAYS)}  # fmt: skip
LATE = 0.4
RECENT = (0.03, 1.0)
# Some customers threaten to go to the media or the authorities: 紧急 by the intake's
# meaning, whatever the complaint.
THREAT = "客户表示如果本周还不解决，就向12315和媒体反映。"
THREATS = 0.06
HIGHER = {"minor": "normal", "normal": "important", "important": "urgent", "urgent": "urgent"}


@dataclass
class Plan:
    """One ticket to make: the complaint as taken down and its steps with their times."""

    customer: Customer
    by: str  # who took the complaint down
    source: str
    created_at: datetime
    intake: dict
    details: dict
    complaint: Complaint
    steps: list[tuple[datetime, str]] = field(default_factory=list)
    ticket: Ticket | None = None


@contextmanager
def mail_held_back() -> Iterator[None]:
    """No e-mail for the demo's past: the bell gets its notifications when the demo
    commits, but nobody is mailed about what happened weeks ago (and the console
    backend's output stays out of the command's)."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        yield


def load(seed: int = 13, now: datetime | None = None) -> int:
    """Make the demo's tickets as of `now` (the demo's users, customers and
    department members must exist); the number made."""
    now = now or timezone.now()
    # What is complained of comes from one generator, when things happened from
    # another and who did what from a third: the complaints are the same whatever
    # the time of day the demo is made at.
    plans = _plans(random.Random(seed), random.Random(seed + 1), now)
    # Every ticket's opening and steps, in the order they happened.
    ops = sorted(
        [(plan.created_at, n, -1) for n, plan in enumerate(plans)]
        + [(at, n, i) for n, plan in enumerate(plans) for i, (at, _) in enumerate(plan.steps)]
    )
    story = _Story(random.Random(seed + 2))
    for at, n, index in ops:
        story.catch_up(at)
        plan = plans[n]
        if index < 0:
            plan.ticket = handling.open_ticket(
                customer=plan.customer,
                by=story.users[plan.by],
                description=plan.intake["description"],
                source=plan.source,
                intake=plan.intake,
                vehicle=plan.customer.vehicles.all()[0],
                details=plan.details,
                created_at=plan.created_at,
            )
        else:
            story.take(plan, plan.steps[index][1], at)
    story.catch_up(now)
    handling.sweep(now)
    # After the bell's own (on_commit runs them in order): what it said about the
    # tickets closed since was read long ago.
    transaction.on_commit(_read_the_closed)
    return len(plans)


def _read_the_closed() -> None:
    unread = Notification.objects.filter(ticket__status=CLOSED, read_at__isnull=True)
    unread.update(read_at=timezone.now())


class _Story:
    """Takes each planned step as someone allowed to (access.py: the agent who took
    the complaint or the supervisor for the centre's part, the department's people for
    theirs), and sweeps the SLA ladder up to each moment as the past unfolds."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.users = {u.username: u for u in get_user_model().objects.all()}
        self.members: dict[str, list[str]] = {"customer_relations": [SUPERVISOR]}
        for login, department in DepartmentMember.objects.order_by("user__username").values_list(
            "user__username", "department"
        ):
            self.members.setdefault(department, []).append(login)
        self.swept: datetime | None = None

    def catch_up(self, until: datetime) -> None:
        """Write the ladder steps that fell due by `until`, each when it fell due (the
        worker sweeps every half minute)."""
        while True:
            # A waiting ticket's clocks are paused: nothing of its falls due.
            pending = Ticket.objects.filter(status__in=OPEN).exclude(status=WAITING)
            if self.swept is not None:
                pending = pending.filter(next_step_at__gt=self.swept)
            due = pending.aggregate(at=Min("next_step_at"))["at"]
            if due is None or due > until:
                return
            handling.sweep(due)
            self.swept = due

    def take(self, plan: Plan, step: str, at: datetime) -> None:
        rng, table = self.rng, default_table()
        ticket = Ticket.objects.select_related("assignee").get(pk=plan.ticket.pk)
        centre = self.users[plan.by]
        people = self.members.get(ticket.department, [SUPERVISOR])
        # Whoever took the ticket up in the department goes on with it.
        if ticket.assignee is not None and ticket.assignee.username in people:
            handler = ticket.assignee
        else:
            handler = self.users[rng.choice(people)]

        def act(action: str, user, **data) -> None:
            plan.ticket = handling.act(
                ticket, action, user=user, version=ticket.version, now=at, **data
            )

        if step == "route":
            act("route", centre)
        elif step == "start":
            act("start", handler, note=rng.choice(STARTED))
        elif step == "update":
            act("comment", handler, note=rng.choice(UPDATES), contacted=True)
        elif step == "wait":
            waiting_for = rng.choice(sorted(WAITING_NOTES))
            note = rng.choice(WAITING_NOTES[waiting_for])
            act("wait", handler, note=note, waiting_for=waiting_for)
        elif step == "resume":
            waited = ticket.events.filter(action="wait").order_by("-sequence").first()
            act("resume", handler, note=RESUMED[waited.data["waiting_for"]])
        elif step == "return_result":
            act("return_result", handler, result=plan.complaint.result)
        elif step == "start_feedback":
            act("start_feedback", centre)
        elif step == "close":
            satisfaction = rng.choice(["satisfied", "satisfied", "fairly_satisfied"])
            act("close", centre, note=SATISFIED_NOTES[satisfaction], satisfaction=satisfaction)
        elif step == "close_by_policy":
            act("close_by_policy", centre, note=NOT_REACHED, reason="not_reached",
                attempts_exhausted=True)  # fmt: skip
        elif step in ("reopen", "reopen_later"):
            group = table.categories[ticket.category].group
            act("reopen", centre, note=rng.choice(NOT_SATISFIED[group]))
        elif step == "escalate":
            act("escalate", self.users[SUPERVISOR], note=rng.choice(ESCALATED))
        elif step == "escalate_up":
            higher = table.higher(ticket.department)
            note, department = (ESCALATED_UP, higher.key) if higher else (ESCALATED[0], "")
            act("escalate", self.users[SUPERVISOR], note=note, department=department)
        elif step == "raise" and ticket.severity != HIGHER[ticket.severity]:
            act("edit", centre, note=RAISED, values={"severity": HIGHER[ticket.severity]})
        elif step == "raise":  # already urgent: the call goes into the log
            act("comment", centre, note=CALLED_AGAIN, contacted=True)
        else:  # pragma: no cover - the stories name only the steps above
            raise ValueError(step)


# --- planning -----------------------------------------------------------------------


def _plans(rng: random.Random, clock: random.Random, now: datetime) -> list[Plan]:
    people = list(
        Customer.objects.filter(external_id__startswith="DEMO")
        .select_related("dealer")
        .prefetch_related("vehicles")
        .order_by("id")
    )
    evs = [p for p in people if p.vehicles.all() and p.vehicles.all()[0].product == EV]
    others = [p for p in people if p.vehicles.all()]
    categories = sorted(CATALOGUE)
    weights = [WEIGHTS.get(c, 1) for c in categories]
    stories = [steps for count, steps in STORIES for _ in range(count)]
    routed = [n for n, steps in enumerate(stories) if "route" in steps]
    covered = dict(zip(rng.sample(routed, len(COVER)), COVER, strict=True))
    plans = []
    for n, steps in enumerate(stories):
        category, dealer = covered.get(n) or (rng.choices(categories, weights)[0], None)
        if category == "ev_battery" and not evs:
            category = "electrical"
        pool = evs if category == "ev_battery" else others
        if dealer:
            pool = [p for p in pool if p.dealer.code == dealer] or pool
        customer = rng.choice(pool)
        plans.append(_plan(rng, clock, now, customer, category, steps))
    return plans


def _plan(rng, clock, now, customer, category, steps) -> Plan:
    complaint = rng.choice(CATALOGUE[category])
    source = rng.choices(["callback", "inbound", "manual"], [45, 40, 15])[0]
    by = SUPERVISOR if source == "manual" else rng.choice(AGENTS)
    status = _status_after(steps)
    low, high = AGES[status]
    if status != "closed" and rng.random() >= LATE:
        low, high = RECENT
    created = _working_time(clock, now - timedelta(days=clock.uniform(low, high)), now)
    if created > now - timedelta(minutes=20):
        created = now - timedelta(minutes=clock.randrange(20, 90))
    severity = rng.choice(complaint.severities)
    threat = rng.random() < THREATS
    if threat:
        severity = "urgent"
    kind = rng.choices(["demanding", "confused", "agitated"], [45, 25, 30])[0]
    if severity == "urgent" and rng.random() < 0.7:
        kind = "agitated"
    vehicle = customer.vehicles.all()[0]
    dealer = customer.dealer
    local = timezone.localtime(created)
    words = {
        "product": vehicle.product,
        "station": f"{dealer.name}售后服务站",
        "dealer": dealer.name,
        "d1": _day(local - timedelta(days=rng.randrange(12, 40))),
        "d2": _day(local - timedelta(days=rng.randrange(1, 5))),
        "km": rng.choice(["5000", "10000", "15000", "20000", "30000"]),
        "n": rng.randrange(2, 5),
    }
    intake = {
        "customer": str(customer),
        "vehicle": " ".join(filter(None, [vehicle.product, vehicle.plate, vehicle.vin])),
        "category": category,
        "description": complaint.description.format(**words),
        "service_station": NOT_APPLICABLE if category in NO_STATION else words["station"],
        "dealer": dealer.code,
        "parts": complaint.parts,
        "what_happened": complaint.happened.format(**words) + (THREAT if threat else ""),
        "customer_request": complaint.request.format(**words),
        "customer_type": kind,
        "severity": severity,
    }
    details = {}
    if source == "callback":
        campaign = "购车满意度回访" if category in NO_STATION else "保养后满意度回访"
        details = {
            "campaign": campaign,
            "agent": by,
            "at": local.isoformat(timespec="minutes"),
            "outcome": "completed",
            "note": "回访中客户提出投诉，已记录",
        }
    plan = Plan(customer, by, source, created, intake, details, complaint)
    plan.steps = _timed(clock, created, now, steps)
    return plan


def _status_after(steps) -> str:
    after = {
        "route": "routed", "start": "in_progress", "wait": "waiting", "resume": "in_progress",
        "return_result": "result_returned", "start_feedback": "feedback_call", "close": "closed",
        "close_by_policy": "closed", "reopen": "routed", "reopen_later": "routed",
        "escalate_up": "routed",
    }  # fmt: skip
    status = "new"
    for step in steps:
        status = after.get(step, status)
    return status


def _timed(clock, created: datetime, now: datetime, steps) -> list[tuple[datetime, str]]:
    """Times for the steps after `created`, in order, within the centre's working day
    where they fit, all before `now`."""
    limit = now - timedelta(minutes=clock.randrange(2, 10))  # the ticket is older: 20 min
    gaps = [timedelta(hours=clock.uniform(*GAPS[step])) for step in steps]
    for attempt in range(12):
        at, timed = created, []
        for step, gap in zip(steps, gaps, strict=True):
            at = _working_time(clock, at + gap, limit) if attempt < 8 else at + gap
            at = max(at, (timed[-1][0] if timed else created) + timedelta(minutes=1))
            timed.append((at, step))
        if not timed or timed[-1][0] <= limit:
            return timed
        gaps = [gap * 0.6 for gap in gaps]
    span = (limit - created) / (len(steps) + 1)  # squeezed evenly: a fast ticket
    return [(created + span * (i + 1), step) for i, step in enumerate(steps)]


def _working_time(clock, at: datetime, limit: datetime) -> datetime:
    """`at`, or the next morning when it falls outside the centre's day (08:30–20:00);
    kept as it is when the morning would be past `limit`."""
    local = timezone.localtime(at)
    if time(8, 30) <= local.time() < time(20, 0):
        return at
    day = local.date() if local.time() < time(8, 30) else local.date() + timedelta(days=1)
    morning = datetime.combine(day, time(8, 30), tzinfo=local.tzinfo)
    morning += timedelta(minutes=clock.randrange(0, 90))
    return morning if morning <= limit else at


def _day(local: datetime) -> str:
    return f"{local.month}月{local.day}日"

"""Make a realistic synthetic transcript export for `huashu qa` (JSONL, CSV or XLSX).

Conversations alternate customer and agent turns (sometimes two agent turns in a row); agents
mostly say neutral service lines and approved phrases from the bank (``bank.approved``); a few
percent of agent turns carry a forbidden phrase drawn from the rules' bad examples
(``rule.bad_examples``), at a rate that differs from agent to agent; timestamps run over a
week of working hours.

    python bench/make_transcripts.py --turns 100000 -o /tmp/chats.jsonl
    python bench/make_transcripts.py --turns 20000 -o /tmp/export.csv --encoding gb18030
    python bench/make_transcripts.py --turns 5000 -o /tmp/export.xlsx

JSONL uses English field names (conversation_id, role, agent_id, timestamp, content); CSV and
XLSX use the Chinese headers Chinese tools export (会话ID, 角色, 工号, 时间, 内容), so both sets
of auto-detected names are exercised.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import sys
from collections.abc import Iterator

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

import huashu  # noqa: E402

CUSTOMER = [
    "你好,我的快递三天了还没到,单号{order}。", "在吗?我想问一下退款什么时候到账。", "你们这个产品质量太差了,刚用两天就坏了!",
    "我要投诉,已经打了好几次电话都没人解决。", "请问会员怎么取消自动续费?", "订单{order}能改一下收货地址吗?",
    "为什么我的账户被扣了两次钱?", "客服你好,发票怎么开?", "这个优惠券为什么用不了?", "我昨天反映的问题有结果了吗?",
    "你们到底能不能解决?我等了一个小时了。", "东西收到了,但是少了一个配件。", "怎么联系售后上门维修?",
    "我想换个颜色,可以吗?", "这个价格比昨天贵了二十块,能补差价吗?", "宽带又断了,这个月第三次了。",
    "我妈妈的手机号实名认证要本人去吗?", "好的,谢谢。", "那要多久?", "还是不行,你们再看看。",
]
NEUTRAL = [
    "您好,很高兴为您服务,请问有什么可以帮您?", "请您提供一下订单号,我马上为您查询。", "已为您查到,包裹目前在{city}中转,预计明天送达。",
    "退款已提交,一般1到3个工作日原路退回。", "我这边已经为您登记,专员会在24小时内联系您。", "请问还有其他可以帮您的吗?",
    "好的,地址已经为您修改成功。", "您说的情况我已经记录下来了,马上为您处理。", "麻烦您稍等,我帮您核实一下。",
    "发票可以在订单详情页申请,电子发票会发到您的邮箱。", "优惠券需要满{amount}元才能使用,您看这样可以吗?",
    "感谢您的耐心等待,问题已经处理好了。", "维修师傅明天上午会和您联系上门时间。",
]
OPENERS = ["", "", "亲,", "您好,", "嗯,", "好的,", "稍等,", "明白,"]
CLOSERS = ["。", "。", "~", "哦。", "呢。", "!", "[微笑]", "。请问还有什么可以帮您?"]
CITIES = ["杭州", "广州", "武汉", "成都", "郑州", "西安"]


def turns(n: int, *, seed: int, bad_rate: float, agents: int, days: int) -> Iterator[dict[str, object]]:
    rng = random.Random(seed)
    bank = huashu.load_bank()
    bad = [(r.id, e) for r in bank.rules if r.enabled for e in r.bad_examples]
    approved = [a.text for a in bank.approved]
    staff = [f"A{1000 + i}" for i in range(agents)]
    # Some agents are much worse than others: that is what the per-agent chart is for.
    weight = {a: rng.lognormvariate(0, 0.7) for a in staff}
    mean = sum(weight.values()) / len(weight)
    start = dt.datetime(2024, 5, 6, 9, 0)
    made, conversation = 0, 0
    while made < n:
        conversation += 1
        agent = rng.choice(staff)
        rate = bad_rate * weight[agent] / mean
        day = rng.randrange(days)
        t = start + dt.timedelta(days=day, seconds=rng.randrange(9 * 3600))
        length = rng.randint(4, 14)
        cid = f"S{20240506}{conversation:07d}"
        speaker = "客户"
        for _ in range(length):
            if made >= n:
                break
            if speaker == "客户":
                text = rng.choice(CUSTOMER).format(order=rng.randrange(10**9, 10**10))
            else:
                roll = rng.random()
                if roll < rate:
                    text = rng.choice(bad)[1]
                elif roll < rate + 0.25:
                    text = rng.choice(approved)
                else:
                    text = rng.choice(NEUTRAL).format(city=rng.choice(CITIES), amount=rng.choice([50, 99, 199]))
            if speaker == "客服" and rng.random() < 0.5:  # the small words real agents add
                text = rng.choice(OPENERS) + text.rstrip("。") + rng.choice(CLOSERS)
            yield {"conversation_id": cid, "role": speaker, "agent_id": agent if speaker == "客服" else "",
                   "timestamp": t.strftime("%Y-%m-%d %H:%M:%S"), "content": text}
            made += 1
            t += dt.timedelta(seconds=rng.randint(8, 120))
            # Mostly alternate; now and then the agent sends two messages in a row.
            speaker = "客服" if speaker == "客户" or rng.random() < 0.15 else "客户"


ZH = {"conversation_id": "会话ID", "role": "角色", "agent_id": "工号", "timestamp": "时间", "content": "内容"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=100_000)
    parser.add_argument("-o", "--output", required=True, help="a .jsonl, .csv or .xlsx file")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bad-rate", type=float, default=0.04, help="share of agent turns with a forbidden phrase")
    parser.add_argument("--agents", type=int, default=40)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--encoding", default="utf-8-sig", help="CSV encoding (utf-8-sig, utf-8, gb18030)")
    args = parser.parse_args(argv)
    rows = turns(args.turns, seed=args.seed, bad_rate=args.bad_rate, agents=args.agents, days=args.days)
    ext = os.path.splitext(args.output)[1].lower()
    if ext == ".jsonl":
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    elif ext == ".csv":
        with open(args.output, "w", encoding=args.encoding, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(ZH.values())
            for row in rows:
                writer.writerow(row.values())
    elif ext == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("会话记录")
        sheet.append(list(ZH.values()))
        for row in rows:
            sheet.append(list(row.values()))
        book.save(args.output)
    else:
        parser.error("the output must end in .jsonl, .csv or .xlsx")
    print(f"wrote {args.turns} turns to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

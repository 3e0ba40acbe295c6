"""What is said in a generated call 通话内容: the turns of a callback that follows
回访三步曲 — 步骤1 greeting, self-introduction, whom we call, purpose and duration, is
now convenient; 步骤2 the questions of the campaign's kind and whatever happens on the
way (a hold, a phone number to confirm, an offer declined, a customer phrase that
means more, 言下之意); 步骤3 anything else, thanks, blessing, goodbye — with each
requested fault said in place of the right words.

A turn is (speaker, text, mark); the mark tells the timeline how the turn sits in time
(a backchannel inside the other's speech, a cut-in, a hold, a silence). The words are
data (`data/dialogue.yaml`); `generate.py` turns the turns into a timed transcript."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from huifang.scripts.library import KINDS  # the campaign kinds

DATA = Path(__file__).parent / "data" / "dialogue.yaml"
MOODS = ("good", "fair", "bad")
_ADDRESS_KINDS = {"order_arrival", "holiday", "return_exchange", "potential"}


@cache
def load() -> dict:
    """dialogue.yaml with every scripted line made (speaker, alternatives by mood)."""
    data = yaml.load(
        DATA.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )

    def topic(lines):
        out = []
        for line in lines:
            ((who, said),) = line.items()
            if isinstance(said, str):
                said = [said]
            moods = tuple(said[m] for m in MOODS) if isinstance(said, dict) else (said,) * 3
            out.append(("agent" if who == "a" else "customer", moods))
        return tuple(out)

    for entry in data["kinds"].values():
        entry["topics"] = [topic(t) for t in entry["topics"]]
    data["general"] = [
        (tuple(t["not_for"]), topic(t["lines"])) if isinstance(t, dict) else ((), topic(t))
        for t in data["general"]
    ]
    return data


def context(rng, agent_no, company, customer, title) -> dict:
    """The values of the placeholders, drawn once a call."""
    d = load()
    pick = rng.choice
    products = d["products"].get(company, d["products"]["default"])
    month = rng.randint(1, 12)
    address = pick(d["address"]["cities"]) + pick(d["address"]["roads"])
    address += (
        f"{rng.randint(1, 300)}号{rng.randint(1, 6)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}"
    )
    issue, resolution = pick(d["issues"])
    return {
        "name": customer + title,
        "surname": customer,
        "title": title,
        "company": company,
        "agent_no": agent_no,
        "minutes": pick("2345"),
        "product": pick(products),
        "dealer": pick(d["dealers"]),
        "part": pick(d["parts"]),
        "holiday": pick(d["holidays"]),
        "issue": issue,
        "resolution": resolution,
        "date": f"{month}月{rng.randint(1, 28)}日",
        "date2": f"{month % 12 + 1}月{rng.randint(1, 28)}日",
        "km": str(rng.randint(3, 60) * 500),
        "plate": pick(d["plate_prefixes"])
        + "".join(pick("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(5)),
        "phone": "1" + pick("35789") + "".join(pick("0123456789") for _ in range(9)),
        "address": address,
        "days": pick("2357"),
        "year": str(2026 + rng.randint(1, 3)),
        "points": str(rng.randint(2, 90) * 100),
        "score": "",  # set with the mood
        "purpose": "",
    }


class Call:
    """What is said in one call, as turns (speaker, text, timing mark)."""

    def __init__(self, rng, data, kind, faults, ctx):
        self.rng, self.d, self.kind, self.faults, self.ctx = rng, data, kind, faults, ctx
        self.k = data["kinds"][kind]
        self.made: set[str] = set()  # the special topics already in the call
        weights = (
            (35, 35, 30) if kind in ("complaint_followup", "satisfaction_ticket") else (55, 30, 15)
        )
        self.mood = rng.choices(range(3), weights)[0]
        ctx["score"] = str(rng.choice(((8, 9, 9, 10, 10), (6, 7, 7, 8), (2, 3, 4, 5))[self.mood]))
        ctx["purpose"] = rng.choice(self.k["purpose"]).format_map(ctx)

    def say(self, speaker, alternatives, mark=""):
        text = alternatives if isinstance(alternatives, str) else self.rng.choice(alternatives)
        return (speaker, text.format_map(self.ctx), mark)

    def a(self, alternatives, mark=""):
        return self.say("agent", alternatives, mark)

    def c(self, alternatives, mark=""):
        return self.say("customer", alternatives, mark)

    # -- 步骤1: greeting, who we are, whom we call, why, is it convenient --------------
    def opening(self, direction, hour):
        f, o, rng = self.faults, self.d["opening"], self.rng
        greeting = "" if "no_greeting" in f else self._greeting(hour)
        intro = "" if "no_self_intro" in f else rng.choice(o["intro"])
        ask = "" if "no_convenience" in f else rng.choice(o["convenience"])
        turns = []
        if "bare_greeting" in f:
            turns += [self.a(o["bare"]), self.c(o["hello"])]
            greeting = ""
        elif direction == "outbound" and rng.random() < 0.5:
            turns.append(self.c(o["pickup"]))
        purpose = rng.choice(
            o["inbound_purpose_line" if direction == "inbound" else "purpose_line"]
        )
        if direction == "inbound":
            turns.append(self.a(_join(greeting, intro, o["inbound_help"])))
            turns += [self.c(o["inbound_call"]), self.a(o["inbound_confirm"]), self.c(o["self"])]
        elif not turns and not {"no_self_intro", "no_convenience"} & f and rng.random() < 0.3:
            first = _join(greeting, intro, rng.choice(o["confirm"]))
            turns.append(self.a(first + purpose + ask))
            return turns + [self.c(o["single_ok"] if ask else o["single_go_on"])]
        else:
            turns += [self.a(_join(greeting, intro, rng.choice(o["confirm"]))), self.c(o["self"])]
        if rng.random() < 0.6:
            purpose = "{name}您好，" + purpose
        return turns + [self.a(purpose + ask), self.c(o["ok"] if ask else o["go_on"])]

    def _greeting(self, hour):
        g = self.d["greetings"]
        if hour is None:
            keys = ("morning", "afternoon", "any", "noon", "early", "evening")
            return g[self.rng.choices(keys, (8, 8, 4, 1, 1, 1))[0]]
        for before, key in ((9, "early"), (12, "morning"), (14, "noon"), (18, "afternoon")):
            if hour < before:
                return g[key]
        return g["evening"]

    # -- 步骤2: the questions, and whatever happens on the way --------------------------
    def body(self, budget):
        f, rng = self.faults, self.rng
        kind_topics = [self.scripted(t) for t in self.k["topics"]]
        extras = []  # forced by a fault: always in
        if {"hold_no_reason", "hold_no_thanks"} & f:
            extras.append(self.hold())
        for fault, make in (
            ("unconfirmed_info", self.info),
            ("negative", self.offer),
            ("taboo", self.dispute),
            ("bare_what", self.mishear),
            ("disparage", self.competitor),
            ("interruption", self.story),
            ("promise", self.price),
        ):
            if fault in f:
                extras.append(make())
        if "long_silence" in f:
            s = self.d["silence"]
            extras.append([self.c(s["customer"], "silence"), self.a(s["agent"])])
        used = len(kind_topics[0]) + sum(map(len, extras))
        maybe = [(0.3, self.hold), (0.4, self.info), (0.35, self.offer), (0.35, self.implied)]
        maybe += [
            (0.25, self.story),
            (0.1, self.mishear),
            (0.08, self.dispute),
            (0.12, self.competitor),
        ]
        for chance, make in maybe:
            if rng.random() < chance and make.__name__ not in self.made:
                topic = make()
                if used + len(topic) <= budget:
                    extras.append(topic)
                    used += len(topic)
        kept = kind_topics[:1]
        for topic in kind_topics[1:]:
            if used + len(topic) <= budget + 1:
                kept.append(topic)
                used += len(topic)
        general = [t for not_for, t in self.d["general"] if self.kind not in not_for]
        for _ in range(budget // 20 + 1):
            rng.shuffle(general)
            for script in general:
                if used >= budget - 1:
                    break
                topic = self.scripted(script)
                if used + len(topic) <= budget + 1:
                    extras.append(topic)
                    used += len(topic)
        for topic in extras:  # the kind's own questions stay in order, the first first
            kept.insert(rng.randint(1, len(kept)), topic)
        return [turn for topic in kept for turn in topic]

    def scripted(self, script):
        """A topic from the data, with backchannels: the agent's 嗯 while the customer
        speaks at length, the customer's 嗯 under a long explanation."""
        rng, bc = self.rng, self.d["backchannel"]
        turns = []
        for speaker, moods in script:
            turns.append(self.say(speaker, moods[self.mood]))
            long = len(turns[-1][1])
            if speaker == "customer" and long >= 16 and rng.random() < 0.3:
                turns.append(self.a(bc["agent"], "bc"))
            elif speaker == "agent" and long >= 34 and rng.random() < 0.15:
                turns.append(self.c(bc["customer"], "bc"))
        return turns

    def hold(self):
        """请您稍等 with a reason and permission, ≥ 10 s, then thanks (000 查询用语)."""
        self.made.add("hold")
        h, f = self.d["hold"], self.faults
        question, result = self.rng.choice(h["items"])
        turns = [self.c(question)]
        no_reason, no_thanks = "hold_no_reason" in f, "hold_no_thanks" in f
        if no_reason or no_thanks:
            turns.append(self.a(h["bare_requests"] if no_reason else h["plain_requests"]))
        else:
            turns += [self.a(h["requests"]), self.c(h["consents"])]
        back = self.rng.choice(h["found"]) + result
        if not no_thanks:
            back = self.rng.choice(h["thanks"]) + back
        mark = "hold_short" if no_reason or no_thanks else "hold"
        return turns + [self.a(back, mark), self.c(h["after"])]

    def info(self):
        """The customer gives a phone number or an address; the agent confirms it."""
        self.made.add("info")
        i, rng = self.d["info"], self.rng
        if rng.random() < (0.5 if self.kind in _ADDRESS_KINDS else 0.2):
            turns = [self.a(i["address_ask"]), self.c(i["address_give"])]
            confirm = i["address_confirm"]
        else:
            ask, give = rng.choice(i["phone"])
            turns = [self.a(ask), self.c(give)]
            confirm = i["phone_confirm"]
        if "unconfirmed_info" in self.faults:
            return turns + [self.a(i["unconfirmed"])]
        return turns + [self.a(confirm), self.c(i["agree"]), self.a(i["updated"])]

    def offer(self):
        """An offer the customer declines; no 您不需要吗 after it (003 否定语)."""
        self.made.add("offer")
        o = self.k.get("offer", self.d["offer"])
        turns = [self.a(o["ask"])]
        if "negative" in self.faults:
            return turns + [
                self.c(o["decline"]),
                self.a(o["negative"]),
                self.c(self.d["offer"]["again"]),
            ]
        if self.rng.random() < 0.4:
            return turns + [self.c(o["accept"]), self.a(o["accepted"])]
        return turns + [self.c(o["decline"]), self.a(o["ok"])]

    def dispute(self):
        self.made.add("dispute")
        d = self.d["dispute"]
        claim, answer = self.rng.choice(d["items"])
        if "taboo" in self.faults:
            return [
                self.c(claim),
                self.a(d["taboo"]),
                self.c(d["annoyed"]),
                self.a(d["sorry"]),
                self.c(d["calm"]),
            ]
        return [self.c(claim), self.a(answer), self.c(d["accept"])]

    def mishear(self):
        self.made.add("mishear")
        m = self.d["mishear"]
        ask, mumble, again, ack = self.rng.choice(m["items"])
        what = m["what"] if "bare_what" in self.faults else m["polite"]
        return [self.a(ask), self.c(mumble), self.a(what), self.c(again), self.a(ack)]

    def competitor(self):
        self.made.add("competitor")
        c = self.d["competitor"]
        item = self.rng.choice(c["items"])
        answer = item["bad"] if "disparage" in self.faults else item["ok"]
        return [self.c(item["customer"]), self.a(answer), self.c(c["after"])]

    def story(self):
        """The customer tells a long story; the agent hears it out, or cuts in ≥ 1 s early."""
        self.made.add("story")
        s = self.d["story"]
        item = self.rng.choice([i for i in s["items"] if self.kind in i["kinds"]])
        turns = [self.a(item["ask"]), self.c(item["story"])]
        if "interruption" in self.faults:
            turns += [self.a(item["cut"], "cut"), self.c(s["not_done"]), self.a(s["sorry"])]
            return turns + [self.c(item["rest"]), self.a(item["ok"])]
        if self.rng.random() < 0.6:
            turns.append(self.a(self.d["backchannel"]["agent"], "bc"))
        return turns + [self.a(item["ok"]), self.c(s["after"])]

    def price(self):
        """这个价格还能不能再优惠 (003 言下之意) and no promise beyond authority (001)."""
        self.made.add("price")
        p = self.d["price"]
        if "promise" in self.faults:
            return [self.c(p["customer"]), self.a(p["promise"]), self.c(p["after_promise"])]
        return [self.c(p["customer"]), self.a(p["ok"]), self.c(p["after_ok"])]

    def implied(self):
        """A customer phrase that means more than it says (003 言下之意)."""
        if self.rng.random() < 0.25 and "price" not in self.made:
            return self.price()
        items = [i for i in self.d["implied"] if self.kind in i.get("kinds", KINDS)]
        item = self.rng.choice(items)
        turns = [self.c(item["customer"]), self.a(item["agent"])]
        return turns + [self.c(item["reply"])] if "reply" in item else turns

    # -- 步骤3: wrap up, anything else, thanks, blessing, goodbye ----------------------
    def tail(self):
        f, t, rng = self.faults, self.d["tail"], self.rng
        mood = MOODS[self.mood]
        wrapup = self.k.get("wrapup") or t["wrapup"][mood]
        turns = [self.a(wrapup), self.c(t["wrapup_reply"][mood])]
        if "no_closing_question" in f:
            turns += [self.a(t["no_closing"]), self.c(t["no_closing_reply"])]
        else:
            turns += [self.a(t["closing"])]
            if rng.random() < 0.15:
                question, answer = rng.choice(t["late"])
                turns += [self.c(question), self.a(answer), self.c(t["late_reply"])]
            else:
                turns.append(self.c(t["closing_reply"]))
        thanks = "" if "no_thanks" in f else rng.choice(t["thanks"]).format_map(self.ctx)
        wish = rng.choice(
            t["wish_holiday"] if self.kind == "holiday" and rng.random() < 0.5 else t["wish"]
        )
        bye = "" if "no_goodbye" in f else "再见！"
        if thanks and len(turns) == 4 and rng.random() < 0.25:  # thanks, then goodbye
            turns += [self.a(thanks + "！"), self.c(t["thanks_reply"])]
            thanks = ""
        if thanks or bye:
            last = (
                "好的，" + "，".join(p for p in (thanks, wish) if p) + ("，" + bye if bye else "。")
            )
        else:
            last = rng.choice(t["plain"])
        return turns + [self.a(last), self.c(t["bye"])]


def _join(*parts: str) -> str:
    return "，".join(p for p in parts if p)

"""Hostile text for rendering tests: classic XSS vectors, polyglots, markup that breaks
out of attributes and scripts, URL schemes, bidi and zero-width tricks — each of which a
view must show exactly as typed, as text."""

BASE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<body onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=javascript&colon;alert(1)>x</a>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<marquee onstart=alert(1)>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<link rel=import href=data:text/html,<script>alert(1)</script>>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "<base href=javascript:alert(1)//>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert(1) )//%0D%0A//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert(1)//>\\x3e",
    "${alert(1)}",
    "{{constructor.constructor('alert(1)')()}}",
    "<img src=\"x\" onerror=\"&#97;&#108;&#101;&#114;&#116;(1)\">",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<svg/onload=alert`1`>",
    "<x onpointerenter=alert(1)>hover</x>",
    "__proto__",
    "constructor",
    "\u202egnp.exe",
    "zero\u200bwidth\u200djoin",
    "right-to-left \u05e9\u05dc\u05d5\u05dd <b>bold</b>",
    "emoji 🙂 <i>and</i> ünïcödé",
]

WRAPPERS = ["{}", "x{}y", "{} {}", "<p>{}</p>", "'{}'"]


def payloads(count: int = 200, max_len: int = 2000) -> list[str]:
    """At least `count` distinct hostile strings, none longer than `max_len`."""
    out: list[str] = []
    for wrapper in WRAPPERS:
        for base in BASE:
            text = wrapper.replace("{}", base)
            if len(text) <= max_len and text.strip() == text and text not in out:
                out.append(text)
    assert len(out) >= count, len(out)
    return out

"""Boilerplate lines: which lines of an article's text are not the article, and why.

A pure function of the text's lines (no I/O, no state across documents). `find_boilerplate`
gives each removed line's reason; `flows.clean.clean_text` removes them and records them.

How a line is judged, in the order the passes run:

1. Never a fragment. A line that continues a sentence wrapped over several lines (Reuters-21578
   wraps every paragraph at ~70 characters) is never judged alone: "comment on the statement."
   is the end of "…declined to" above it, not a reader prompt.
2. Sure rules (`_SURE_RULES`): shapes that are boilerplate wherever they stand in a short line —
   a copyright or reuse notice, an image credit, a wire credit ("(Reporting by …; Editing by
   …)"), a syndication note, a timestamp or byline line, a bare link, a separator.
3. Cues weighed with the line's shape and place (`_CUES`): reader engagement (sign up,
   subscribe, share, follow us, comment, tell us), promotion (subscriptions, apps, podcasts) and
   navigation (related, also read, more from, most read). A cue alone is never enough: what a
   sentence of the article says about newsletters or sharing must survive. The line must also
   look like page furniture — it opens with an order to the reader, it speaks to the reader
   ("you"), it is a link (a URL, a handle, "here") or a heading (short, no final stop) — and
   the more so in the middle of the body than at its edges (the first two or last three lines
   left once furniture is out: a page's furniture comes in blocks around the article).
   Reported speech and quotations are the article's voice and are never weighed; a long line
   must carry its cue in its first sentence.
4. Blocks: at the end of the body, a run of headline-shaped list items ("- 15 Amazing Images of
   Stars") between the body and removed lines is a list of related links.
5. The page's title repeated as the first line, and a wire agency's sign-off as the last.

The cue lexicon and the shapes come from the development gold (tests/gold/dev) and the web pages
of ../shared/corpora/html outside the gold test split, each class seen on several sites; on the
2,225 BBC articles (no boilerplate in them) nothing is removed (tests/test_boilerplate.py and
bench/boilerplate.py count and list what is).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from flows.lexicon import MONTH_ABBREVIATIONS, MONTHS, NEWS_AGENCIES, WEEKDAYS

__all__ = ["boilerplate_reason", "find_boilerplate", "is_title_line"]

# A rule applies only to a whole short line, so that an article sentence that merely mentions
# signing up or cookies is never eaten. A reuse notice may run to sixty words; a line longer than
# that is never boilerplate.
_MAX_WORDS = 25
_MAX_NOTICE_WORDS = 80
# How many of the body's first and last lines are its edges, where page furniture sits.
_HEAD_LINES = 2
_TAIL_LINES = 3
# Points a line needs to be removed. Its cue gives 1 to 3 (`_CUES`), each sign of page
# furniture 1 (`_furniture_signs`), standing at an edge of the body 1, and a line longer than
# _MAX_WORDS loses 1. In the body: a strong cue (2) with two signs, or a whole-line heading cue
# (3) with one; at an edge, one point less.
_THRESHOLD = 4
# Signs a cue needs besides, whatever the place: the place alone never makes a sentence
# boilerplate, and a weak cue needs the line to look like furniture twice over.
_MIN_SIGNS = {1: 2, 2: 1, 3: 0}
# A prompt that runs to two or three sentences ("Get access to … for as little as Rs 599 …
# Use the code …") is weighed up to this length, with a point more needed past _MAX_WORDS.
_MAX_SCORED_WORDS = 65

_MONTH = rf"(?:{'|'.join(MONTHS)}|{'|'.join(MONTH_ABBREVIATIONS)})\.?"
_WEEKDAY = rf"(?:{'|'.join(WEEKDAYS)}|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?)"
# Photo agencies and wires as they sign a picture: "Getty Images", "AP Photo", "REUTERS".
_PICTURE_AGENCIES = (
    r"(?:getty(?: images)?|ap(?: photo)?|(?:the )?associated press|afp(?: via getty images)?|"
    r"reuters|epa(?:-efe)?|"
    r"shutterstock|istock(?:photo)?|alamy(?: stock photo| live news)?|pa(?: wire| images| media)?|"
    r"bloomberg|nurphoto|sopa images|lightrocket|anadolu(?: agency)?|rex(?: features)?|"
    r"corbis|zuma(?: press| wire)?|sipa(?: usa)?|imagn|usa today sports|wikimedia commons|"
    r"flickr|handout|pool|supplied|file|"
    rf"{'|'.join(sorted(NEWS_AGENCIES))})"
)
# A capitalised name of one to four words ("Brendan McDermid", "Sanjeev Verma").
_NAME = r"(?-i:[A-Z])[\w.'’-]*(?: (?-i:[A-Z])[\w.'’-]*){0,3}"

# A rule drawn with punctuation between the story and its notes ("___", "* * *", "- - - -").
_SEPARATOR = re.compile(r"^[\s_*=~#-]{3,}$")

# A share button's label: a row of them read out ("facebook twitter print email").
_BUTTON = (
    r"(facebook|twitter|linkedin|pinterest|reddit|whatsapp|email|e-mail|print|share|tweet|pin|"
    r"messenger|flipboard|comments?|copy link|sms)"
)

# Sure rules: (reason, pattern), first match wins. Anchored where a prompt or note opens the
# line, since article sentences rarely open that way.
_SURE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "newsletter",
        re.compile(
            r"^(sign up|signup|subscribe|register|join)\b.*\b(newsletters?|news|updates|inbox|"
            r"(daily|weekly|morning|evening) emails?|email (alerts|updates)|alerts?|briefing|"
            r"digest)\b|^(get|receive) (our|the) (latest |free |daily )?"
            r"(newsletters?|news|headlines|updates)\b|\bnewsletters?\b.*\b(sign up|subscribe)\b|"
            r"\bsign up\b.*\bdelivered to your inbox\b|^[\w' -]{0,40} newsletters?$",
            re.I,
        ),
    ),
    (
        "consent",
        re.compile(
            r"^by (submitting|signing up|subscribing|clicking|registering|entering|checking)\b|"
            r"^i (agree|consent) to\b|\bprivacy (policy|notice)\b.*\b(agree|consent|terms)\b",
            re.I,
        ),
    ),
    (
        "advertisement",
        re.compile(
            r"^(advertisement|advertising|sponsored( content)?|ad|promoted|paid (content|post)|"
            r"story continues below( advertisement)?|continue reading below)\s*[:.!-]*$|"
            r"^this (post|shop|article|story) (is|was|has been) (sponsored|compensated)\b|"
            r"#(ad|sponsored)$",
            re.I,
        ),
    ),
    (
        "cookie_notice",
        re.compile(r"^(we|this (site|website)) uses? cookies\b|\bcookie (policy|settings)\b", re.I),
    ),
    (
        # "© 2019 Vox Media", "Copyright (C) EnterMedia", "All rights reserved": the sign © and
        # "copyright" opening a line or before a year. "(C)" alone is a footnote mark in tables.
        "copyright",
        re.compile(
            r"[©ⓒ]|\(c\)\s*(\d{4}|copyright)|^copyright\b|\bcopyright\s*(\(c\)|\d{4})|"
            r"\ball rights? reserved\b",
            re.I,
        ),
    ),
    (
        # Reprint and reuse notices of paywalled and wire pages.
        "licensing",
        re.compile(
            r"^this (copy|article|material) is for your personal,? non-?commercial use\b|"
            r"^(-\s*)?(to )?(order|purchase|buy) (presentation-ready )?(copies|reprints)\b|"
            r"^(-\s*)?(order|purchase) reprints$|"
            r"^(republish|reuse|license) this (article|content|story)\b|"
            r"\bmay not be (re)?(published|broadcast|rewritten|redistributed|reproduced|copied|"
            r"distributed|reprinted)\b|\bwithout (the )?(express )?(prior )?written permission\b|"
            r"\b(is a|are) registered trademarks? of\b",
            re.I,
        ),
    ),
    (
        "share_prompt",
        re.compile(
            r"^(share|tweet|email|print|pin|like|follow)( this| the)? (article|story|page|post)\b|"
            r"^share (on|via|with) \w+|^follow us\b|^(like|follow) us on\b|(^|[.!?] )click here\b|"
            r"^(comment on this (story|article)|join the conversation|leave a comment|"
            r"more on this story)\b|^(read more|see also)$|"
            r"^follow (us|[\w.'’ ]{1,30}) (online|on|on (twitter|facebook|instagram|social media))"
            r"\s*[:.]?$|^click to (email|share|print|tweet)\b|"
            rf"^{_BUTTON}( {_BUTTON})+$",
            re.I,
        ),
    ),
    (
        # The page's own buttons and messages, read out as lines.
        "page_control",
        re.compile(
            r"^-? ?(print|email|save|share) (this )?(article|story|page)$|^an error has occurred\b|"
            r"^please try again later\b|^thank you\.?$|^this (article|story) has been sent to\b|"
            r"^(skip to (main )?content|back to top|loading\.*|close|menu|sign in|log in|"
            r"show (more|less)|view comments?|\d+ comments?|comments?)$|"
            r"^(image|photo|picture|slide) \d+ (of|/)|"
            r"^media playback is (unsupported|not supported)\b",
            re.I,
        ),
    ),
    (
        # A headline tagged as a link to media or another story ("… [VIDEO]", "… [INSIGHT]|"),
        # and a line that is a link's label and target ("Read more: …", "Also on rt.com …").
        "related_link",
        re.compile(
            r"^\w.*\s\[(?-i:[A-Z][A-Z ]{1,18})\]\s*\|?$|"
            r"^(see|read|watch|listen) (more|also|next|now)\b\s*[:|-]|"
            r"^(also read|read also|related( \w+)?|more( (from|on|in|about) [\w.'’ ]{1,30})?|"
            r"recommended|most read|you may also like|trending now|latest news|more on this)"
            r"\s*[:|-]|"
            r"^(also read|read also|see also|read more|more on this)\s*[:.…]*$|"
            r"^(previous|next) (article|story|post)\b|"
            r"^also on [\w-]+\.[a-z]{2,}\b|\bread more\s*[»›>]+\s*$",
            re.I,
        ),
    ),
    (
        # How to reach the reporter: an address, a handle or a link on a line of its own.
        "contact",
        re.compile(
            r"^(write to|reach|contact|email|e-mail|follow)\b.{0,120}(@\w|https?://|www\.|"
            r"\bon (twitter|facebook|instagram|x)\b)|"
            r"^[\w.+-]+@[\w-]+\.[\w.-]+$|^(twitter|instagram|facebook)\.com/\w+$",
            re.I,
        ),
    ),
    (
        # Wire credit lines: "(Reporting by …; Editing by …)", "X contributed to this report".
        "credit",
        re.compile(
            r"^\(?(additional |with )?(reporting|writing|editing|compiled|edited|produced|"
            r"graphics?|photos?|written|reviewed|medically reviewed|fact[- ]checked|illustrated|"
            r"translated) by (?-i:[A-Z])[\w.'’-]*( (?-i:[A-Z])[\w.'’-]*)*"
            r"\s*([,;)]| and | in |$)|"
            rf"^{_NAME}( and {_NAME})? contributed (reporting|to this (report|article|story))\b|"
            rf"^(?:the )?(?:associated press|{'|'.join(sorted(NEWS_AGENCIES))})(?: staff)? "
            r"writers? .{0,80}contributed\b|"
            r"^source\s*:\s*\S|"
            # a signature glued to its dash, AG News's credit line: "-The Washington Post"
            r"^-(?=[a-z])[\w.'’&]+( [\w.'’&]+){0,4}$",
            re.I,
        ),
    ),
    (
        # A line that is only when the story was posted and who by: "Updated at 1:23 p.m.",
        # "First published on November 19, 2019 / 8:16 AM", "5:45 AM PST 11/19/2019 by
        # Patrick Shanley" (`_is_timestamp` reads the rest).
        "timestamp",
        re.compile(
            r"^(updated|published|posted|last updated|first published|last modified)( on| at)?"
            rf":?\s+(\d|{_WEEKDAY}\b|{_MONTH}\s+\d)[^.]{{0,40}}(\.|[ap]\.?m\.?)?$",
            re.I,
        ),
    ),
    (
        "link",
        re.compile(
            r"^([\w'’ ]{1,40}:\s*)?(https?://|www\.)\S+( and (https?://|www\.)\S+)*$",
            re.I,
        ),
    ),
    (
        # "First published by …", "This story originally appeared in …".
        "syndication",
        re.compile(
            r"^(this (article|story|piece|post|essay|interview) (was|is|has been) )?(first|"
            r"originally) (published|appeared|posted|ran) (by|in|on|at|with)\b|"
            r"^republished (here )?(with permission |under a creative commons licen[cs]e )?"
            r"(from|by|with)\b|"
            r"^(this (article|story|piece) is )?(republished|reproduced|syndicated) (from|with)\b|"
            r"^read the original (article|story|post)\b",
            re.I,
        ),
    ),
    (
        # Image credits and captions' sources: "Photo: Jane Roe/AP", "(Image: Getty)",
        # "Photograph: Tim Robberts/Getty Images", "Images by Getty Images and US Presswire".
        "image_credit",
        re.compile(
            r"^\(?((main|top|header|featured|lead|cover) )?(photo|image|picture|video|photograph|"
            r"illustration|graphic|caption|credit)s?( credit| courtesy)?\s*[:|]|"
            r"^\(?(photo |image )?(photo|image|picture|photograph|illustration)s? "
            r"(by|courtesy( of)?|from|via) (?-i:[A-Z])|^(photo |image )?courtesy( of)? (?-i:[A-Z])|"
            r"^(image|photo|picture|media|video) (caption|copyright|credit)\b|^file photo\b|"
            rf"^{_PICTURE_AGENCIES}\s*\.?$|"
            r"\((photo|image|picture|credit|photograph|illustration)s?( credit)?\s*:[^)]*\)?$|"
            rf"^{_NAME}\s*[,/|]\s*{_PICTURE_AGENCIES}$",
            re.I,
        ),
    ),
    (
        # Notes on where the text comes from or whose view it is not.
        "disclaimer",
        re.compile(
            r"^(the )?(views|opinions)( and (views|opinions))? expressed (in|here|by|on)\b.*"
            r"\b(own|not (necessarily )?(reflect|represent)|necessarily)\b|"
            r"^(this (article|story) was )?"
            r"reprinted (on|from|with)\b|^with (\w+ )?wires?\.?$|^(\d+ min(ute)?s? read|"
            r"reading time\b)|^(disclaimer|disclosure|ftc)\s*:|"
            r"\b(affiliate (links?|commissions?|partnerships?)|(may|might) (earn|receive) (a|an) "
            r"(small )?(affiliate )?commission)\b",
            re.I,
        ),
    ),
    (
        # Invitations to the reader that end many pages.
        "reader_prompt",
        re.compile(
            r"^(what do you think|have your say|tell us what you think|let us know (what|in)|"
            r"(join|start) the (discussion|debate|conversation)|share your (thoughts|views|story)|"
            r"do you have a (story|news tip)|got a (story|news tip)|have a (news )?tip\b|"
            r"be sure to (visit|check out|follow|like|subscribe)|leave a (reply|comment))\b",
            re.I,
        ),
    ),
    (
        # The page's filing of the story: "Filed under: Politics |", "Tags: …".
        "taxonomy",
        re.compile(r"^(filed under|tags?|topics|categories|related topics)\s*:", re.I),
    ),
    (
        # An editor's note on a change to the story: "Correction, Nov. 15, 2019: This article …".
        # "Update:" is a note only before a time or a date ("UPDATE 2:"); a teaser may open with it.
        "correction",
        re.compile(
            r"^(correction|clarification|editor['’]?s note)( \([^)]*\)|,[^:]{3,30})?\s*:|"
            rf"^update( \d+| \([^)]*\)|,[^:]{{3,30}}| at \d[^:]*| on {_MONTH}[^:]*)\s*:",
            re.I,
        ),
    ),
)
# Notices that run to sixty words (the limit is _MAX_NOTICE_WORDS): an opening unmistakable at
# any length, or a copyright sign and a reservation of rights in the same line.
_LONG_NOTICES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "licensing",
        re.compile(
            r"^this (copy|article|material) is for your personal,? non-?commercial use\b", re.I
        ),
    ),
    (
        "copyright",
        re.compile(
            r"(?=.*([©ⓒ]|\bcopyright\b))(?=.*(\ball rights? res\w*ved\b|\breproduc\w+|"
            r"\bwithout (the )?(express )?(prior )?(written )?permission\b))",
            re.I,
        ),
    ),
    ("disclaimer", re.compile(r"^(disclaimer|disclosure)\s*:", re.I)),
)

# Picture credits that end a caption: "… Sanjeev Verma/Hindustan Times/Getty Images",
# "FILE PHOTO: … REUTERS/Brendan McDermid", "Alex Wong | Getty Images". A slash or bar before an
# agency, or an agency before a slash and a name: how pictures are signed, never how a sentence
# of an article ends.
_CAPTION_CREDIT = re.compile(
    rf"(?:/|\s\|)\s*{_PICTURE_AGENCIES}\s*\)?\.?$|"
    r"\((?-i:AFP|AP|Reuters|REUTERS|Getty Images|Getty|GETTY|EPA|Shutterstock|Alamy|Bloomberg)\)$|"
    rf"(?:\b|(?<=[a-z]))(?-i:Credit|Photograph|Photo|Image)\s*:\s*{_NAME}(?:\s*[/|-]\s*{_NAME})*\)?$|"
    r"\((photo|image|picture|credit|photograph)s?( credit)?\s*:[^)]*\)\s*\w*$|"
    r"\((photo|image|picture)s? by [^)]*\)$|"
    r"[.!?]\s+(getty( images)?|shutterstock|alamy|istock(photo)?)$|"
    rf"\b(?-i:REUTERS|AP Photo|AFP|EPA|AAP|XINHUA|Reuters)\s*/\s*{_NAME}"
    r"(?: (?:/ )?(?:file|pool|handout))?\s*\)?\.?$",
    re.I,
)

# Timestamps and bylines: what a line may hold besides a date or a time.
_STAMP_TOKEN = re.compile(
    rf"^(?:{_MONTH}|{_WEEKDAY}|\d{{1,4}}(?:st|nd|rd|th)?,?|\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?|"
    r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}|[ap]\.?m\.?|[ap]m|noon|midnight|"
    r"(?:[a-z]{1,4}t|utc|gmt|et|pt|ct|mt|ist|bst|cet|cest|amt)|"
    r"updated|published|posted|last|first|modified|on|at|"
    r"[|/·•,–—-])$",
    re.I,
)
_DAY = re.compile(rf"\b({_MONTH}|{_WEEKDAY})(?!\w)|\b\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b", re.I)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_STAMP_WORD = re.compile(r"\b(updated|published|posted|modified)\b", re.I)
_BYLINE = re.compile(rf"\s*\bby {_NAME}(?:,? (?:and|&) {_NAME})?\s*$")

# --- cues weighed with the line's shape and place ---------------------------------------------

# (reason, weight, pattern): 3 for a phrase no article sentence uses (it counts wherever it
# stands in the line), 2 for one that is page furniture in all but a rare sentence, 1 for a
# word that only tells with more evidence.
_CUES: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    (
        "share_prompt",
        3,
        re.compile(
            r"\b(follow|like|find|join) us (on|at) (twitter|facebook|instagram|linkedin|youtube|"
            r"tiktok|x)\b|\bfollow (him|her|them|me) on (twitter|instagram|facebook|x)\b",
            re.I,
        ),
    ),
    (
        "newsletter",
        2,
        re.compile(
            r"\b(newsletters?|your inbox|daily email|email alerts|"
            r"news alerts|(morning|evening|daily|weekly) briefing)\b",
            re.I,
        ),
    ),
    (
        "share_prompt",
        2,
        re.compile(
            r"\b(share (this|it|on|via|with (a|your) friends?)|tweet (this|it)|"
            r"follow (us|@\w+)|like us on|find us on|(follow|join) (us|\w+) on (twitter|facebook|"
            r"instagram|linkedin|youtube|tiktok|x)|on (twitter|facebook|instagram) at @?\w+)\b",
            re.I,
        ),
    ),
    (
        "reader_prompt",
        2,
        re.compile(
            r"(^|[.!?:]\s+)(tell us|let us know|send us|write to us|contact us|email us|"
            r"get in touch)\b|"
            r"\b(we['’]d (like|love) to hear|what do you think|leave a comment|"
            r"comments? (below|section)|in the comments|letters? to the editor|"
            r"submit (a|your) (letter|story|tip|review)|have your say|"
            r"join the (conversation|discussion|debate)|open thread|got a (tip|story)|news tip)\b",
            re.I,
        ),
    ),
    (
        "promotion",
        2,
        re.compile(
            r"\b(subscribe( now| today| here)?|subscription|subscribers? (get|enjoy)|"
            r"join [\d,]+ (other )?(subscribers|readers|followers)|"
            r"sign up|sign in|log in|register (now|free|today)|"
            r"unlimited (digital )?access|get (full )?access|free trial|for as little as|"
            r"download (the|our) (free )?app|get the (free )?app|available on (itunes|"
            r"apple podcasts|spotify|google play)|(listen|subscribe) to (the|our) podcast|"
            r"how to listen|if you (enjoyed|liked|like) this|members get|become a member|"
            r"support (our|independent) journalism|click here|tap here|"
            r"keep up with the latest|never miss|stay (up to date|informed|in the know))\b",
            re.I,
        ),
    ),
    (
        # A whole line that is a links block's heading: "Related Topics", "Most read in world
        # news", "You may like these posts".
        "related_link",
        3,
        re.compile(
            r"^(related|also read|read (more|also|next|this next)|see also|"
            r"more (stories|news|articles|coverage|videos|headlines|posts)|more(?= \w)|"
            r"most (read|popular|viewed|shared|commented|watched)|recommended|"
            r"you (may|might) (also )?(like|enjoy|be interested in)|trending|"
            r"(the )?latest (news|stories|headlines|videos|posts)|top stories|editor['’]?s picks|"
            r"don['’]?t miss|watch next|up next|further reading|"
            r"in case you missed it|elsewhere on|previously on)"
            r"( (on|from|in|at|about|like) [\w.'’& ]{1,30}| [\w.'’&]+){0,3}\s*[:.…]*$",
            re.I,
        ),
    ),
    (
        # Media nouns a promotion offers: weak on their own.
        "promotion",
        1,
        re.compile(
            r"\b(stories|headlines|updates|coverage|podcast|magazine|issues|deals|alerts|"
            r"edition|episodes?|app)\b",
            re.I,
        ),
    ),
)
# Words that open an address to the reader.
_IMPERATIVE = re.compile(
    r"^[-•*>\s]*(sign|subscribe|join|follow|share|tweet|like|click|tap|read|watch|listen|"
    r"download|get|visit|check|tell|send|email|contact|register|log|leave|comment|see|discover|"
    r"find|explore|learn|don['’]?t|do not|never|stay|keep|start|enter|browse|shop|order|try|"
    r"support|donate|become|let|submit|write|catch|want|need|go|head|be)\b",
    re.I,
)
_SECOND_PERSON = re.compile(r"\b(you|your|you['’](re|ll|ve|d)|yours)\b", re.I)
_LINKLIKE = re.compile(
    r"https?://|\bwww\.|(?<![\w-])[\w-]+\.(com|org|net|co\.uk|co|io|info|tv)\b|(^|\s)@\w|"
    r"\bhere\s*[.!:]?\s*$|[»›→]|>>|\|\s*$",
    re.I,
)
# The article's own voice: reported speech and quotations are never page furniture.
_REPORTING = re.compile(
    r"\b(said|says|told|according to|added|announced|stated|wrote|asked|explained)\b", re.I
)
# A quotation: four words or more between quotation marks (a quoted title or a code, "All
# About Space", "GETPRO", is not one).
_QUOTED = re.compile(r"[\"“”]([^\"“”]*)[\"“”]")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[A-Z\"“‘(])")
_SENTENCE_STOP = re.compile(r"[.…:;,][\"'”’)\]]*$")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
# A list item of a links block: "- 15 Amazing Images of Stars".
_LIST_ITEM = re.compile(r"^[-•*]\s+\S")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into is of on or the to vs with".split()
)
_WORD = re.compile(r"[\w'’]+")
_TITLE_SITE = re.compile(r"\s+[-|–—:]\s+[^-|–—:]{2,60}$")
# A story's last line: a wire agency's one-word sign-off ("AP", "Reuter", as Reuters signed in
# the 1980s), the wire's "MORE" (the story goes on in a later take), or the source a rewritten
# story names in brackets ("[Wired]", "[Engadget]").
_SIGN_OFF = re.compile(
    rf"^(?:{'|'.join(sorted(NEWS_AGENCIES | {'reuter', 'more'}))})\.?$|"
    r"^\[[A-Z][\w.&' -]{1,30}\]$",
    re.I,
)


def _is_timestamp(line: str) -> bool:
    """A line of date and time tokens only, maybe with a byline: "November 20, 2019 - 11:28
    AMT", "5:45 AM PST 11/19/2019 by Patrick Shanley". It names a day (a month, a weekday or
    a day in figures) and a clock time, a word of posting or a byline: "2000 GMT" alone is a
    kick-off time in a match report, "May 6765" a row of a table, "29 November 2018 | 20
    January 2019" the dates of an exhibition."""
    if len(line) > 120 or not _DAY.search(line):
        return False
    tokens = _BYLINE.sub("", line).replace(",", " , ").split()
    if len(tokens) < 2 or not all(_STAMP_TOKEN.match(t) for t in tokens):
        return False
    return bool(_CLOCK.search(line) or _STAMP_WORD.search(line) or _BYLINE.search(line))


def boilerplate_reason(line: str) -> str | None:
    """The sure rule a (normalised) line alone matches, else None: the verdict that needs no
    context (`find_boilerplate` weighs cues with the line's place as well)."""
    if not line:
        return None
    n_words = len(line.split())
    if n_words > _MAX_NOTICE_WORDS:
        return None
    if n_words > _MAX_WORDS:
        return next((reason for reason, notice in _LONG_NOTICES if notice.match(line)), None)
    for reason, pattern in _SURE_RULES:
        if pattern.search(line):
            return reason
    if _is_timestamp(line):
        return "timestamp"
    if _SEPARATOR.match(line):
        return "separator"
    return None


def _first_sentence(line: str) -> str:
    match = _SENTENCE_END.search(line)
    return line[: match.end()] if match else line


def _length_penalty(n_words: int) -> int:
    return 0 if n_words <= _MAX_WORDS else 1


def _voice_of_article(line: str) -> bool:
    """Reported speech or a quotation: the article talking, whatever its words."""
    if _REPORTING.search(line):
        return True
    return any(len(quoted.split()) >= 4 for quoted in _QUOTED.findall(line))


def _cue(line: str, min_weight: int = 1) -> tuple[str, int] | None:
    """The strongest cue in a line, of `min_weight` or more: (reason, weight)."""
    best: tuple[str, int] | None = None
    for reason, weight, pattern in _CUES:
        if weight < min_weight or (best is not None and weight <= best[1]):
            continue
        if pattern.search(line):
            best = (reason, weight)
    return best


def _furniture_signs(line: str) -> int:
    """How many signs of page furniture a line shows: it opens with an order to the reader, it
    speaks to the reader, it is a link, it is a heading."""
    signs = 0
    if _IMPERATIVE.match(line):
        signs += 1
    if _SECOND_PERSON.search(line):
        signs += 1
    if _LINKLIKE.search(line):
        signs += 1
    if len(line.split()) <= 8 and not _TERMINAL.search(line):
        signs += 1
    return signs


def _in_list(lines: Sequence[str], i: int) -> bool:
    """A list item beside another: the article's own list (a links list is judged as one)."""
    if not _LIST_ITEM.match(lines[i]):
        return False
    return any(
        0 <= j < len(lines) and lines[j] and _LIST_ITEM.match(lines[j])
        for j in (i - 2, i - 1, i + 1, i + 2)
    )


def _headline_shaped(line: str) -> bool:
    """A list item that reads like a headline: no final stop, most words capitalised."""
    text = line.lstrip("-•* ").strip()
    words = _WORD.findall(text)
    if not 2 <= len(words) <= 15 or _TERMINAL.search(text):
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    caps = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return bool(content) and caps >= 0.75 * len(content)


def _title_key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(" .!?")


def is_title_line(line: str, title: str | None) -> bool:
    """Whether a body line is the page's title again: equal to it, or to it without the site's
    name after a separator ("NASA adds five companies … - SpaceNews.com")."""
    if not title or not line:
        return False
    key = _title_key(line)
    return key in (_title_key(title), _title_key(_TITLE_SITE.sub("", title)))


def _continues(line: str, nxt: str) -> bool:
    """Whether `nxt` may go on with the sentence of `line`: it follows with no blank line
    between, and `line` has no final stop ("Texas Commerce Bancshares Inc's Texas" /
    "Commerce Bank-Houston said …": a wrapped line may end anywhere, before a capital too)."""
    return bool(line and nxt) and not _TERMINAL.search(line)


def _restates_title(line: str, title: str | None) -> bool:
    """The page's title as the body's first line: the same words, or a headline of the page
    worded a little differently ("Julian Assange: Sweden drops rape investigation" under the
    title "Sweden drops Assange rape investigation"): no final stop, and most of its words in
    the title. An article's first sentence ends with a stop."""
    if is_title_line(line, title):
        return True
    if not title or _SENTENCE_STOP.search(line) or len(line.split()) > 20:
        return False
    words = {w.lower() for w in _WORD.findall(line) if w.lower() not in _SMALL_WORDS}
    in_title = {w.lower() for w in _WORD.findall(title)}
    return len(words) >= 3 and len(words & in_title) >= 0.6 * len(words)


def _fragments(lines: Sequence[str], nonblank: list[int]) -> set[int]:
    """Lines that continue or are continued by the line next to them: parts of a paragraph
    wrapped over several lines. A wrapped line is long and has no final stop; the line after
    it goes on with the sentence."""
    out: set[int] = set()
    for i in nonblank:
        prev = lines[i - 1] if i > 0 else ""
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _continues(prev, lines[i]) or _continues(lines[i], nxt):
            out.add(i)
    return out


def find_boilerplate(lines: Sequence[str], title: str | None = None) -> dict[int, str]:
    """Index of each boilerplate line -> its reason, for a text's normalised lines (blank lines
    are paragraph breaks). See the module docstring for the passes.

    The passes run again with the removed lines blanked until nothing more is found: a line
    removed below a wrapped-looking one, or after the last line, changes what its neighbours
    are, and cleaning the cleaned text must find nothing new."""
    found: dict[int, str] = {}
    while True:
        view = [("" if i in found else line) for i, line in enumerate(lines)]
        more = _one_pass(view, title, found)
        if not more:
            return found
        found.update(more)


def _one_pass(lines: Sequence[str], title: str | None, before: dict[int, str]) -> dict[int, str]:
    nonblank = [i for i, line in enumerate(lines) if line]
    if not nonblank:
        return {}
    first, last = nonblank[0], nonblank[-1]
    fragments = _fragments(lines, nonblank)
    found: dict[int, str] = {}
    for i in nonblank:
        # A wire's one-word sign-off ends the story even under a wrapped table.
        if i == last and i != first and _SIGN_OFF.match(lines[i]):
            found[i] = "sign_off"
            continue
        # A rule drawn with punctuation is no part of a sentence, wrapped text or not.
        if _SEPARATOR.match(lines[i]):
            found[i] = "separator"
            continue
        if i in fragments:
            continue
        reason = boilerplate_reason(lines[i])
        if reason is None and i == first and not before and _restates_title(lines[i], title):
            reason = "title"
        # A credit ends its line: only the line's end is searched (a caption may be long).
        if reason is None and len(nonblank) > 1 and _CAPTION_CREDIT.search(lines[i][-120:]):
            # A caption signed by its photographer; a text that is nothing but a caption (a
            # news feed's picture item) keeps it as its body.
            reason = "image_credit"
        if reason is not None:
            found[i] = reason

    # Cues: weighed until nothing changes, since a removed line moves the edge past it.
    candidates = []
    for i in nonblank:
        line = lines[i]
        n_words = len(line.split())
        if i in found or i in fragments or n_words > _MAX_SCORED_WORDS:
            continue
        if _in_list(lines, i):
            continue
        # A long line that opens as the article talks is the article: its cue must be in its
        # first sentence ("Let's be honest, … is hard. … Leave a comment and let us know …").
        # A strong cue needs one sign of furniture besides, a weak one two: the place alone
        # never makes a sentence boilerplate. Most lines of an article show no sign, and for
        # them only a cue that needs none is looked for (the cues are most of the time spent).
        signs = _furniture_signs(line)
        min_weight = min(w for w, needed in _MIN_SIGNS.items() if signs >= needed)
        cue = _cue(line, min_weight)
        if cue is not None and cue[1] < 3 and n_words > _MAX_WORDS:
            cue = _cue(_first_sentence(line), min_weight)
        # Reported speech and quotations are the article talking, whatever their words.
        if cue is None or _voice_of_article(line):
            continue
        # A longer line needs more points: the longer, the likelier a sentence.
        candidates.append((i, cue[0], cue[1] + signs - _length_penalty(n_words)))
    changed = True
    while changed:
        changed = False
        edge = _edge_zone(nonblank, found)
        for i, reason, weight in candidates:
            if i not in found and weight + (i in edge) >= _THRESHOLD:
                found[i] = reason
                changed = True

    # A block of headline-shaped list items between the body and removed lines at its end.
    for i in _related_list(lines, nonblank, set(before) | set(found), fragments):
        found[i] = "related_link"
    return found


def _edge_zone(nonblank: list[int], found: dict[int, str]) -> set[int]:
    """The body's first and last lines, not counting removed ones: once its furniture is out,
    the lines next to it are the new edge."""
    kept = [i for i in nonblank if i not in found]
    return set(kept[:_HEAD_LINES]) | set(kept[-_TAIL_LINES:])


def _related_list(
    lines: Sequence[str], nonblank: list[int], removed: set[int], fragments: set[int]
) -> list[int]:
    """Headline-shaped list items at the end of the body, with removed lines after them (the
    page's trailer): a list of related links. A list that ends the text is the article's own."""
    kept = [i for i in nonblank if i not in removed]
    block: list[int] = []
    for i in reversed(kept):
        line = lines[i]
        if i in fragments or not (_LIST_ITEM.match(line) and _headline_shaped(line)):
            break
        block.append(i)
    if len(block) >= 2 and any(j > block[0] for j in removed):
        return block
    return []

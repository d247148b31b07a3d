"""Word lists of speech: the verbs that report it, the words around a speaker, the roles and
organisations a description may stand for. One home for each list (see the package docstring);
lists other modules use too (the calendar, honorifics, articles, pronouns) are in flows.lexicon
and only composed here."""

from __future__ import annotations

from flows.lexicon import (
    HONORIFICS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NONFINAL_ABBREVIATIONS,
    PERSONAL_PRONOUNS,
    RELATIVE_DAYS,
    WEEKDAYS,
)

#: Speech verbs as written (finite forms only). "-ing" forms ("saying", "adding") are left out on
#: purpose: their subject is the main clause's subject, which the backward search then finds via
#: the main verb ("He warned ..., saying: “…”").
SPEECH_VERBS = frozenset(
    """
    said says say told tells tell added adds stated reiterated reiterates explained explains
    noted warned warns insisted insists argued argues asked asks wrote writes tweeted
    declared declares announced announces claimed claims continued continues replied
    responded responds recalled recalls remarked admitted admits acknowledged acknowledges
    conceded concedes urged urges suggested suggests stressed stresses emphasised emphasized
    emphasises emphasizes observed observes commented complained complains cautioned
    cautions predicted predicts promised vowed pledged boasted boasts joked
    quipped shouted whispered confirmed confirms denied denies
    countered retorted posted testified testifies alleged alleges agreed
    agrees answered concluded concludes maintained maintains demanded described
    describes called dubbed branded labelled labeled dismissed dismisses
    condemned condemns accused accuses praised criticised criticized mused
    derided derides blamed blames slammed slams hailed hails lamented laments
    chanted chants begged begs slated assures exclaimed yelled screamed
    wondered repeated reaffirmed proclaimed
    """.split()
)

#: Bare forms that are also nouns: verbs only after "to" or a modal ("went on to claim that").
BARE_SPEECH_VERBS = frozenset("claim insist warn argue admit deny urge stress predict".split())
BARE_VERB_MARKERS = frozenset("to will would could should might may must did does do not".split())

#: Some -s forms stay in the lexicon although they double as plural nouns ("the claims were
#: true"); after one of these words they are nouns. (Mostly-noun forms such as "remarks",
#: "comments", "notes" and "calls" are left out of the lexicon altogether.)
NOUN_MARKERS = frozenset(
    "the a an his her their its our my your these those this that such whose".split()
)

#: Verbs that name rather than report speech: next to a short capitalised quote ("a ship called
#: “Endeavour”") they mark a name, so they do not rescue it from the scare-quote filter.
NAMING_VERBS = frozenset(
    """
    called calls dubbed dubs named titled entitled nicknamed branded brands labelled labeled
    """.split()
)

#: Nouns after which quotation marks enclose a name, term or slogan rather than speech.
NAMING_NOUNS = frozenset(
    """
    term terms word words phrase slogan slogans motto mottos catchphrase mantra credo maxim
    nickname moniker label banner title headline name brand culture ethos philosophy so-called
    """.split()
)

#: Words allowed between a speaker and its verb: "Kirby again reiterated", "he has said".
ADVERBS = frozenset(
    """
    also again later then earlier previously further once recently reportedly repeatedly simply
    just has had have would will could might may did does do not never always often first last
    still even only all both too himself herself themselves afterwards instead meanwhile
    """.split()
)

#: Sentence connectives set off by a comma before a subject ("However, the group said"): never
#: a speaker, though capitalised at a sentence start.
CONNECTIVES = frozenset(
    """however meanwhile instead moreover nevertheless nonetheless separately also still yet
    thus therefore furthermore indeed besides otherwise later earlier previously now then
    finally additionally likewise similarly consequently""".split()
)

#: Words that end a speaker phrase walking backwards from the verb: the clause begins there.
CLAUSE_STOP = frozenset(
    """
    that which who whom whose and but or nor while as because if when whenever where since though
    although so than is was were are be been being it's what whether unless until yet
    """.split()
)

# Prepositions (flows.lexicon.PREPOSITIONS) end a speaker phrase (in both directions): "said
# John Kirby on Monday", "spokeswoman for women Sandra Gidley said". Walking backwards they end
# the phrase but not the search, so an appositive's name further back can still be reached.

#: Date words end a forward speaker phrase: "said Kirby Monday".
DATE_WORDS = (
    frozenset((*WEEKDAYS, *MONTHS, *MONTH_ABBREVIATIONS)) | RELATIVE_DAYS | {"last", "this", "next"}
)

#: Nouns of time that end a date phrase ("last week", "this month"): never a speaker's head.
TIME_NOUNS = frozenset(
    "week weeks month months year years weekend morning afternoon evening".split()
)

#: Of the subject pronouns a speaker can be (flows.lexicon.PERSONAL_PRONOUNS), only he/she
#: resolve to a PERSON mention.
RESOLVABLE_PRONOUNS = frozenset({"he", "she"})

#: -ing forms of speech verbs. They attribute only in three shapes: "was quoted as saying",
#: right after a name ("with boss Mark Hughes claiming it was “…”") and, when the sentence has
#: no finite speech verb, after a comma or colon ("Stallone left the house saying: “…”"), where
#: the speaker is the clause's subject.
SPEECH_ING = frozenset(
    """
    saying adding telling claiming insisting arguing warning explaining noting stating admitting
    suggesting declaring writing describing calling urging stressing predicting promising
    accusing branding labelling hailing condemning criticising criticizing dismissing praising
    alleging implying asserting contending maintaining acknowledging conceding confirming
    reiterating recalling complaining
    """.split()
)
#: "X was quoted as saying", "X is reported as saying".
QUOTED_VERBS = frozenset({"quoted", "reported"})
AUXILIARIES = frozenset("was is were are been being has had have".split())

#: Speech verbs whose next word is a hearer, not an inverted speaker ("…, told researchers").
OBJECT_VERBS = frozenset({"told", "tells", "tell", "urged", "urges", "accused", "accuses"})
#: Verbs of reports and surveys that end a backward speaker phrase like a clause word does
#: ("… 24 companies reported …, says": the phrase is not "24 companies reported").
PHRASE_BREAKING_VERBS = frozenset(
    "reported reports showed shows found finds revealed reveals published suggests".split()
)
RELATIVE_PRONOUNS = frozenset({"who", "which", "whose", "whom"})
#: Words that open a reported clause after a verb ("said it was", "said that"): the verb then
#: reports indirect speech of its own rather than attributing the quote before it.
COMPLEMENT_STARTERS = frozenset("that it he she they we there this the a an".split())
SUBORDINATORS = frozenset(
    "after before when while although though because since despite as if unless until".split()
)

#: Abbreviations whose period does not end a sentence ("Mr. Smith said", "Jan. 24"): those a name
#: or noun always follows, and suffixes, "No." and the months, taken here as never final too
#: (segment weighs those by the word after them).
ABBREVIATIONS = (
    NONFINAL_ABBREVIATIONS
    | frozenset("jr sr inc corp co ltd no etc".split())
    | frozenset(MONTH_ABBREVIATIONS)
)

#: Honorifics that are no role ("Mr Smith" is not "the mr"; other titles are: "President X"):
#: the shared ones and "Miss", which before a name known to be a person's is one too.
COURTESY_TITLES = HONORIFICS | {"miss"}
#: Titles stripped before matching a speaker against mention surface forms ("Mr Thomas", "Gov.
#: Holcomb" -> "Holcomb").
SPEAKER_TITLES = COURTESY_TITLES | frozenset(
    "prof lord lady sen rep gov gen president minister".split()
)

#: Head nouns of a description that stands for an organisation named earlier ("the company
#: said", "the news and financial data seller said"). Institutions that are seldom the last named
#: organisation ("the government", "the police") are left out.
ORG_NOUNS = frozenset(
    """
    company firm group bank business corporation conglomerate giant maker manufacturer retailer
    seller provider operator carrier airline broadcaster network publisher studio label club
    insurer lender chain supplier developer producer exporter newspaper paper magazine website
    site charity organisation organization association federation union watchdog regulator
    automaker carmaker chipmaker drugmaker steelmaker planemaker brewer refiner startup
    subsidiary utility
    """.split()
)

#: Words that make a title another role: a deputy prime minister is not "the prime minister".
ROLE_MODIFIERS = frozenset(
    "deputy vice assistant shadow former acting junior associate under ex".split()
)

#: Words that make a description indefinite: "a spokesman said" names nobody.
INDEFINITES = frozenset("a an one another some several many other two three".split())
#: Words that make a description someone other than the person met before: "the second
#: arbitrageur", "another trader", "a third analyst".
OTHER_MARKERS = frozenset("another other second third fourth fifth".split())

#: Heads of a speaker that is a text, not a person: "an article in the official press said …. It
#: said" is the article again ("it", never "he").
TEXT_NOUNS = frozenset(
    """
    article report statement study survey poll letter release communique communiqué document
    paper memo note editorial analysis review filing complaint notice bulletin
    """.split()
)

#: Mention labels a speaker key may come from, most wanted first.
SPEAKER_LABELS = ("PERSON", "ORG", "GPE")

#: Words that give a person's gender where the document uses them: honorifics before a name and
#: gendered role nouns in a title or an appositive ("spokeswoman Jo Roe", "Jo Roe, his wife,").
#: Evidence from the article itself, weighed with its pronouns (see resolve.gender_evidence).
MALE_WORDS = frozenset(
    """
    mr sir lord king prince duke baron father brother son husband spokesman chairman congressman
    businessman actor grandfather uncle nephew boy man gentleman monsignor
    """.split()
)
FEMALE_WORDS = frozenset(
    """
    mrs ms miss madam dame lady queen princess duchess baroness mother sister daughter wife widow
    spokeswoman chairwoman congresswoman businesswoman actress grandmother aunt niece girl woman
    """.split()
)
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})

#: Nouns for someone who speaks for an organisation: "a spokeswoman for Acme", "a Pentagon
#: spokesman", "a statement from the ministry". Such a speaker is the organisation (gold
#: conventions); other unnamed people ("an official at Acme", "sources") are nobody in particular.
SPOKES_NOUNS = frozenset(
    """
    spokesman spokeswoman spokesperson spokesmen spokeswomen spokespeople representative rep
    statement release communique communiqué announcement
    """.split()
)

#: Head nouns of an institution that speaks for a place named beside it ("Russia's foreign
#: ministry", "the Kenyan government"), or that names an organisation mentioned in the article
#: ("the ministry said" after "the Ministry of Finance").
INSTITUTION_NOUNS = frozenset(
    """
    ministry government department embassy office agency administration cabinet council
    commission court military army navy police parliament legislature committee authority
    """.split()
)
#: Institutions that may be the article's main organisation whatever its name ("CBP announced
#: …. The agency said"); not the government, police or army, which are seldom the one named.
AGENCY_NOUNS = frozenset("agency commission authority".split())

# --- reported speech ------------------------------------------------------------------------

#: Verbs that report speech in a content clause (`X said the plan failed`): finite forms and the
#: -ing forms whose subject is the main clause's (`…, saying the plan failed`). Naming, praising
#: and blaming verbs of SPEECH_VERBS take no clause and are not here.
REPORTING_VERBS = frozenset(
    """
    said says say told tells added adds stated reiterated reiterates explained explains noted
    warned warns insisted insists argued argues wrote writes tweeted declared declares announced
    announces claimed claims replied replies responded responds recalled admitted admits
    acknowledged
    acknowledges conceded concedes suggested suggests stressed stresses emphasised emphasized
    emphasises emphasizes observed observes predicted predicts promised vowed pledged confirmed
    confirms denied denies testified testifies alleged alleges agreed agrees answered maintained
    maintains reported disclosed discloses assured assures informed informs reminded reminds
    complained complains cautioned cautions countered contended contends asserted asserts
    signalled signaled hinted indicated indicates revealed reveals ruled demanded demands
    clarified clarifies urged urges pointed
    saying adding telling stating explaining noting warning insisting arguing claiming alleging
    admitting suggesting stressing asserting contending maintaining acknowledging implying
    conceding confirming reiterating recalling complaining
    """.split()
)
#: Of those, the verbs whose object is nearly always a clause, so that `said the plan failed`
#: needs no "that": the others (`announced the deal`, `claimed victory`, `warned of`) need
#: "that", a subject pronoun or a finite verb ahead to be reporting a statement.
CLAUSE_VERBS = frozenset("said says say added adds saying adding insisted insists".split())
#: The verbs of an attribution that ends its sentence: `The plan will fail, he said.`
TRAILING_VERBS = frozenset(
    """
    said says say added adds told tells explained explains noted insisted insists argued argues
    stressed stresses warned warns continued continues concluded concludes wrote writes tweeted
    reported confirmed confirms admitted admits acknowledged conceded claimed claims stated
    states recalled recalls
    """.split()
)
#: Verbs whose first object is the hearer: `told reporters (that) …`, `assured them …`. After
#: the `told` verbs any short noun phrase is a hearer; after the others only a pronoun or a name.
HEARER_VERBS = frozenset(
    "told tells telling assured assures informed informs reminded reminds warned warns".split()
)
TELL_VERBS = frozenset({"told", "tells", "telling"})
#: Pronouns that open a clause as its subject, and those that are a hearer (an object).
SUBJECT_PRONOUNS = PERSONAL_PRONOUNS | {"there", "this", "these", "those"}
OBJECT_PRONOUNS = frozenset("him her them us me you".split())
#: Words of a finite verb group that show a clause ahead when the verb does not take one by
#: default (`announced the company would close`).
FINITE_MARKERS = frozenset(
    """
    is are was were has have had will would could can may might must should shall does do did
    won't wouldn't can't couldn't isn't wasn't aren't weren't hasn't haven't hadn't didn't doesn't
    """.split()
)
#: What may follow a reporting verb before its hearer or clause and is not part of either.
AFTER_VERB_ADVERBS = (
    frozenset(
        "also again later then earlier previously further repeatedly once recently simply".split()
    )
    | RELATIVE_DAYS
    | frozenset(WEEKDAYS)
)
#: Words after a verb that close off any content clause: `said so`, `said nothing`, `said to be`,
#: and the questions of `asked whether`, `declined to say how many`.
NO_CLAUSE_AFTER = frozenset(
    """
    to so nothing goodbye yes no little much more of about for how what whether when where why who
    which
    """.split()
)

#: Abbreviated titles as written before a name, and the role they stand for ("Gov. Eric
#: Holcomb" is "the governor").
TITLE_ABBREVIATIONS = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "cmdr": "commander",
    "adm": "admiral",
    "supt": "superintendent",
    "pres": "president",
    "prof": "professor",
    "amb": "ambassador",
    "sec": "secretary",
    "atty": "attorney",
    "sgt": "sergeant",
    "capt": "captain",
}

"""Words that carry no topic: English function words and the fillers of speech."""

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing done down during each else even ever every few for from further get gets
getting go goes going gone gonna got had has have having he her here hers him his how i if in into is it its itself
just let lets like likely may me might mine more most much must my need needs no nor not now of off on once one only
or other our ours out over own quite rather really right said same say says see seem seems she should so some still
such sure than that thats the their them then there these they thing things think this those though through to too
under until up upon us very want wants was way we well were what whatever when where whether which while who whom
whose why will with within without would yeah yes yet you your yours okay ok um uh hmm mm erm oh ah alright kind sort
actually basically probably maybe mean know yep nope let's i'm it's we're you're they're that's there's don't doesn't
didn't can't won't isn't aren't i'll we'll you'll i've we've i'd we'd go make made makes take put bit lot lots
something anything everything nothing someone anyone everyone thank thanks good great fine nice cool sounds
first second next last new old today tomorrow yesterday week weeks day days time times monday tuesday wednesday
thursday friday saturday sunday
""".split())

#include "freightalias.h"

#include <QCryptographicHash>

#include <array>

namespace fd::core {
namespace {

// Freightdesk's own lists: short, plain words that read well together.
constexpr std::array<const char16_t*, 211> adjectives = {
    u"able",     u"agile",    u"airy",     u"amber",   u"ample",    u"azure",    u"balmy",
    u"bold",     u"brave",    u"breezy",   u"brisk",   u"bright",   u"broad",    u"calm",
    u"candid",   u"careful",  u"cheerful", u"chipper", u"civic",    u"classic",  u"clean",
    u"clear",    u"clever",   u"cloudy",   u"coastal", u"cosmic",   u"cozy",     u"crisp",
    u"curious",  u"daring",   u"dapper",   u"deft",    u"dewy",     u"diligent", u"direct",
    u"dreamy",   u"dusky",    u"eager",    u"early",   u"earnest",  u"easy",     u"elegant",
    u"epic",     u"even",     u"exact",    u"fabled",  u"fair",     u"faithful", u"fancy",
    u"fast",     u"fearless", u"festive",  u"fierce",  u"fine",     u"firm",     u"fleet",
    u"fluent",   u"focused",  u"fond",     u"frank",   u"free",     u"fresh",    u"friendly",
    u"frosty",   u"gentle",   u"genuine",  u"giant",   u"gifted",   u"glad",     u"gleaming",
    u"glossy",   u"golden",   u"graceful", u"grand",   u"grateful", u"green",    u"hardy",
    u"hasty",    u"hearty",   u"helpful",  u"heroic",  u"honest",   u"hopeful",  u"humble",
    u"icy",      u"ideal",    u"jolly",    u"jovial",  u"joyful",   u"keen",     u"kind",
    u"laden",    u"large",    u"lasting",  u"lavish",  u"lean",     u"level",    u"light",
    u"limber",   u"lively",   u"loyal",    u"lucid",   u"lucky",    u"lunar",    u"major",
    u"mellow",   u"merry",    u"mighty",   u"mild",    u"misty",    u"modern",   u"modest",
    u"neat",     u"nimble",   u"noble",    u"nomadic", u"polar",    u"polite",   u"posh",
    u"prime",    u"proud",    u"quick",    u"quiet",   u"radiant",  u"rapid",    u"rare",
    u"ready",    u"regal",    u"rested",   u"rich",    u"robust",   u"rosy",     u"royal",
    u"rugged",   u"rustic",   u"safe",     u"sage",    u"salty",    u"sandy",    u"savvy",
    u"scenic",   u"serene",   u"sharp",    u"shiny",   u"silent",   u"silky",    u"silver",
    u"simple",   u"sleek",    u"smart",    u"smooth",  u"snowy",    u"snug",     u"solar",
    u"solid",    u"sonic",    u"sound",    u"spare",   u"spry",     u"stable",   u"steady",
    u"stellar",  u"still",    u"stoic",    u"stout",   u"sturdy",   u"sunny",    u"super",
    u"supple",   u"sure",     u"swift",    u"tall",    u"tame",     u"tidy",     u"tiny",
    u"tranquil", u"tropical", u"true",     u"trusty",  u"upbeat",   u"urban",    u"valiant",
    u"vast",     u"velvet",   u"verdant",  u"vivid",   u"warm",     u"wavy",     u"wise",
    u"witty",    u"wooden",   u"worthy",   u"young",   u"zany",     u"zealous",  u"zesty",
    u"amiable",  u"artful",   u"astute",   u"blithe",  u"bouncy",   u"bubbly",   u"buoyant",
    u"chirpy",   u"cordial",  u"crafty",   u"dashing", u"jaunty",   u"nifty",    u"plucky",
    u"peppy",
};

constexpr std::array<const char16_t*, 200> animals = {
    u"aardvark",   u"albatross",   u"alpaca",      u"anchovy",   u"anteater",  u"antelope",
    u"armadillo",  u"badger",      u"barracuda",   u"bat",       u"beaver",    u"bee",
    u"beetle",     u"bison",       u"boar",        u"bobcat",    u"buffalo",   u"bullfrog",
    u"butterfly",  u"camel",       u"canary",      u"capybara",  u"cardinal",  u"caribou",
    u"carp",       u"cat",         u"catfish",     u"chameleon", u"cheetah",   u"chickadee",
    u"chinchilla", u"chipmunk",    u"cicada",      u"clam",      u"cobra",     u"cod",
    u"condor",     u"coral",       u"cormorant",   u"cougar",    u"coyote",    u"crab",
    u"crane",      u"cricket",     u"crow",        u"cuckoo",    u"curlew",    u"deer",
    u"dingo",      u"dolphin",     u"donkey",      u"dove",      u"dragonfly", u"duck",
    u"dugong",     u"eagle",       u"eel",         u"egret",     u"elephant",  u"elk",
    u"emu",        u"falcon",      u"ferret",      u"finch",     u"firefly",   u"flamingo",
    u"flounder",   u"fox",         u"frog",        u"gazelle",   u"gecko",     u"gerbil",
    u"gibbon",     u"giraffe",     u"gnu",         u"goat",      u"goldfinch", u"goose",
    u"gopher",     u"gorilla",     u"grasshopper", u"grouse",    u"gull",      u"hamster",
    u"hare",       u"hawk",        u"hedgehog",    u"heron",     u"herring",   u"hippo",
    u"hornet",     u"horse",       u"hummingbird", u"ibex",      u"ibis",      u"iguana",
    u"impala",     u"jackal",      u"jaguar",      u"jay",       u"jellyfish", u"kangaroo",
    u"kestrel",    u"kingfisher",  u"kite",        u"kiwi",      u"koala",     u"krill",
    u"ladybug",    u"lark",        u"lemming",     u"lemur",     u"leopard",   u"limpet",
    u"lion",       u"lizard",      u"llama",       u"lobster",   u"locust",    u"loon",
    u"lynx",       u"macaw",       u"magpie",      u"mallard",   u"manatee",   u"mantis",
    u"marmot",     u"marten",      u"meerkat",     u"mink",      u"mole",      u"mongoose",
    u"moose",      u"moth",        u"mouse",       u"mule",      u"muskox",    u"narwhal",
    u"newt",       u"nightingale", u"ocelot",      u"octopus",   u"okapi",     u"opossum",
    u"orca",       u"oriole",      u"osprey",      u"ostrich",   u"otter",     u"owl",
    u"ox",         u"oyster",      u"panda",       u"panther",   u"parrot",    u"partridge",
    u"peacock",    u"pelican",     u"penguin",     u"pheasant",  u"pigeon",    u"pika",
    u"piranha",    u"platypus",    u"plover",      u"pony",      u"porcupine", u"porpoise",
    u"possum",     u"puffin",      u"puma",        u"python",    u"quail",     u"rabbit",
    u"raccoon",    u"raven",       u"reindeer",    u"rhino",     u"robin",     u"salamander",
    u"salmon",     u"sandpiper",   u"sardine",     u"scorpion",  u"seahorse",  u"seal",
    u"shark",      u"sheep",       u"shrew",       u"shrimp",    u"skunk",     u"sloth",
    u"snail",      u"sparrow",     u"spider",      u"squid",     u"squirrel",  u"starfish",
    u"stingray",   u"stork",
};

quint32 wordIndex(const QByteArray& digest, int offset) {
    quint32 value = 0;
    for (int i = 0; i < 4; ++i)
        value = (value << 8) | quint8(digest.at(offset + i));
    return value;
}

} // namespace

QString freightAlias(const QString& id) {
    // Hashing again spreads IDs evenly over the words whatever their form (hex or not).
    const QByteArray digest = QCryptographicHash::hash(id.toUtf8(), QCryptographicHash::Sha1);
    const auto adjective = adjectives[wordIndex(digest, 0) % adjectives.size()];
    const auto animal = animals[wordIndex(digest, 4) % animals.size()];
    return QString::fromUtf16(adjective) + u'-' + QString::fromUtf16(animal);
}

} // namespace fd::core

// Benchmark of tag selection: a registry's worth of mixed tags (SemVer, "v"-prefixed, two-part,
// pre-releases, CI and nightly names) parsed, filtered by allow/ignore regexes and a constraint,
// and ordered as Kargo's SemVer strategy does; against std::sort of the same strings and
// QVersionNumber parse + sort, measured in the same run. A program that prints its figures, not
// a timed test; `--help` lists the options.

#include "benchsystem.h"
#include "semver.h"
#include "tagselector.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QVersionNumber>

#include <algorithm>
#include <functional>
#include <random>

namespace fd::bench {
namespace {

using fd::core::SemVer;
using fd::core::TagSelectionPolicy;
using fd::core::TagSelector;

struct Options final {
    int tags = 10000;
    int iterations = 15;
};

Options parseOptions(const QCoreApplication& app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times TagSelector (parse, filter, order) on generated tags against "
                       "std::sort and QVersionNumber over the same tags."));
    parser.addHelpOption();
    const QCommandLineOption tags(QStringLiteral("tags"), QStringLiteral("Tags (10000)."),
                                  QStringLiteral("n"), QStringLiteral("10000"));
    const QCommandLineOption iterations(QStringLiteral("iterations"),
                                        QStringLiteral("Timed runs of each (15)."),
                                        QStringLiteral("n"), QStringLiteral("15"));
    parser.addOptions({tags, iterations});
    parser.process(app);
    return Options{positiveValue(parser, tags), positiveValue(parser, iterations)};
}

/** Tags as registries hold them: about half versions, the rest what CI pushes. Fixed seed. */
QStringList generateTags(int count) {
    std::mt19937 random(20240503);
    const auto below = [&](int n) { return int(random() % unsigned(n)); };
    const auto hex = [&](int length) {
        QString text;
        for (int i = 0; i < length; ++i)
            text += QLatin1Char("0123456789abcdef"[below(16)]);
        return text;
    };
    QStringList tags;
    tags.reserve(count);
    for (int i = 0; i < count; ++i) {
        const QString version =
            QStringLiteral("%1.%2.%3").arg(below(60)).arg(below(30)).arg(below(100));
        switch (below(10)) {
        case 0:
        case 1:
        case 2:
            tags << version;
            break;
        case 3:
        case 4:
            tags << QStringLiteral("v") + version;
            break;
        case 5:
            tags << version + QStringLiteral("-rc.%1").arg(below(5));
            break;
        case 6:
            tags << QStringLiteral("%1.%2").arg(below(60)).arg(below(30));
            break;
        case 7:
            tags << QStringLiteral("main-") + hex(7);
            break;
        case 8:
            tags << QStringLiteral("nightly-2024%1%2")
                        .arg(1 + below(12), 2, 10, QLatin1Char('0'))
                        .arg(1 + below(28), 2, 10, QLatin1Char('0'));
            break;
        default:
            tags << (below(2) ? QStringLiteral("sha-") + hex(12)
                              : QStringLiteral("pr-%1").arg(below(5000)));
        }
    }
    return tags;
}

/** One way of ordering the tags: its work, its times and how many tags it kept. */
struct Method final {
    std::function<qsizetype()> work;
    QList<double> ms = {};
    qsizetype kept = 0;

    double medianMs() const { return median(ms); }
};

/**
 * Runs every method once per round, @p rounds times: load that comes and goes on a shared
 * machine then weighs on all of them alike, which keeps the ratios steadier.
 */
void measure(int rounds, const QList<Method*>& methods) {
    for (int round = 0; round < rounds; ++round) {
        for (Method* method : methods) {
            QElapsedTimer timer;
            timer.start();
            method->kept = method->work();
            method->ms << double(timer.nsecsElapsed()) / 1e6;
        }
    }
}

void checkOrder(const QStringList& selected, const TagSelector& selector) {
    require(!selected.isEmpty(), QStringLiteral("the selection is not empty"));
    for (qsizetype i = 0; i < selected.size(); ++i) {
        require(selector.accepts(selected[i]), QStringLiteral("%1 is accepted").arg(selected[i]));
        if (i == 0)
            continue;
        const auto before = SemVer::fromTag(selected[i - 1], true);
        const auto after = SemVer::fromTag(selected[i], true);
        require(before && after && before->compare(*after) >= 0,
                QStringLiteral("%1 comes before %2").arg(selected[i - 1], selected[i]));
    }
}

int run(const Options& options) {
    say(QStringLiteral("load at start %1").arg(loadAverage()));
    const QStringList tags = generateTags(options.tags);

    TagSelectionPolicy policy; // SemVer, strictSemvers: Kargo's defaults
    policy.allowTagsRegexes = {QStringLiteral("^v?\\d+\\.\\d+\\.\\d+(-rc\\.\\d+)?$")};
    policy.ignoreTagsRegexes = {QStringLiteral("-rc\\.0$")};
    policy.constraint = QStringLiteral(">= 1.2.0, < 40 || ^50.1");
    auto created = TagSelector::create(policy);
    require(created.has_value(), QStringLiteral("the policy compiles"));
    const TagSelector selector = *created;
    TagSelectionPolicy plain;
    const TagSelector unfiltered = *TagSelector::create(plain);
    TagSelectionPolicy lexicalPolicy;
    lexicalPolicy.strategy = TagSelectionPolicy::Strategy::Lexical;
    lexicalPolicy.allowTagsRegexes = {QStringLiteral("^nightly-")};
    const TagSelector lexical = *TagSelector::create(lexicalPolicy);
    checkOrder(selector.select(tags), selector);
    checkOrder(unfiltered.select(tags), unfiltered);

    Method select{[&] { return selector.select(tags).size(); }};
    Method plainSelect{[&] { return unfiltered.select(tags).size(); }};
    Method lexicalSelect{[&] { return lexical.select(tags).size(); }};
    Method sort{[&] {
        QStringList copy = tags;
        std::sort(copy.begin(), copy.end(), std::greater<>());
        return copy.size();
    }};
    Method versionNumbers{[&] {
        QList<QVersionNumber> parsed;
        parsed.reserve(tags.size());
        for (const QString& tag : tags) {
            qsizetype suffix = 0;
            const QVersionNumber number = QVersionNumber::fromString(tag, &suffix);
            if (!number.isNull())
                parsed << number;
        }
        std::sort(parsed.begin(), parsed.end(), std::greater<>());
        return parsed.size();
    }};
    measure(options.iterations, {&sort, &versionNumbers, &select, &plainSelect, &lexicalSelect});
    const double sortMs = sort.medianMs();
    const double qvnMs = versionNumbers.medianMs();

    say(QStringLiteral("\n%1 tags, medians of %2 rounds, each running all five; load %3")
            .arg(tags.size())
            .arg(options.iterations)
            .arg(loadAverage()));
    say(QStringLiteral("  (1) std::sort of the tags (copy + sort)         %1 ms")
            .arg(sortMs, 0, 'f', 2));
    say(QStringLiteral("  (2) QVersionNumber parse + sort                 %1 ms  (%2 parsed)")
            .arg(qvnMs, 0, 'f', 2)
            .arg(versionNumbers.kept));
    const auto report = [&](const char* what, double ms, qsizetype count) {
        say(QStringLiteral("  %1 %2 ms  (%3 kept)  ratio %4 to (1), %5 to (2)")
                .arg(QString::fromUtf8(what), -47)
                .arg(ms, 0, 'f', 2)
                .arg(count)
                .arg(ms / sortMs, 0, 'f', 1)
                .arg(ms / qvnMs, 0, 'f', 1));
    };
    report("(3) SemVer: allow + ignore regex + constraint", select.medianMs(), select.kept);
    report("(4) SemVer, no filters (every strict version)", plainSelect.medianMs(),
           plainSelect.kept);
    say(QStringLiteral("  (5) Lexical, allow ^nightly-                    %1 ms  (%2 kept)")
            .arg(lexicalSelect.medianMs(), 0, 'f', 2)
            .arg(lexicalSelect.kept));
    return 0;
}

} // namespace
} // namespace fd::bench

int main(int argc, char** argv) {
    return fd::bench::benchmarkMain(argc, argv, "bench_tags", [](const QCoreApplication& app) {
        return fd::bench::run(fd::bench::parseOptions(app));
    });
}

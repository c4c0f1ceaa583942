// Benchmark of the freight matrix: a service with 2,000 freight × 30 stages against a baseline of
// 20 × 30 measured in the same run. Times the state's assembly (the loader's worker), the model's
// cell computation (setService), a full data() sweep over the roles the view asks for, and a
// repaint of the view (offscreen unless a display is set). A program that prints its figures and
// ratios, not a timed test; `--help` lists the options.

#include "benchsystem.h"
#include "freightmatrixmodel.h"
#include "freightmatrixview.h"
#include "guibenchmark.h"
#include "repositorystate.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTableView>

#include <functional>

namespace fd::bench {
namespace {

using core::Freight;
using core::PromotionEvent;
using core::RepositoryInputs;
using core::VersionRecord;

struct Options final {
    int freight = 2000;
    int stages = 30;
    int baselineFreight = 20;
    int iterations = 9;
};

Options parseOptions(const QApplication& app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Times the freight matrix (state assembly, cell computation, data() sweep, repaint) for a "
        "large service against a small one in the same run."));
    parser.addHelpOption();
    const QCommandLineOption freight(QStringLiteral("freight"), QStringLiteral("Freight (2000)."),
                                     QStringLiteral("n"), QStringLiteral("2000"));
    const QCommandLineOption stages(QStringLiteral("stages"), QStringLiteral("Stages (30)."),
                                    QStringLiteral("n"), QStringLiteral("30"));
    const QCommandLineOption baseline(QStringLiteral("baseline"),
                                      QStringLiteral("Freight of the baseline (20)."),
                                      QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption iterations(QStringLiteral("iterations"),
                                        QStringLiteral("Timed runs of each (9)."),
                                        QStringLiteral("n"), QStringLiteral("9"));
    parser.addOptions({freight, stages, baseline, iterations});
    parser.process(app);
    return {positiveValue(parser, freight), positiveValue(parser, stages),
            positiveValue(parser, baseline), positiveValue(parser, iterations)};
}

/**
 * One service through a chain of @p stages stages, @p freight freight newest first: stage s runs
 * the freight at index 2s and ran the next 20 older ones; the newest 50 are verified in the first
 * few stages, with an approval and a failure here and there.
 */
RepositoryInputs generate(int freight, int stages) {
    const QString service = QStringLiteral("svc");
    RepositoryInputs inputs;
    inputs.pipeline.services.append({service, QStringLiteral("ghcr.io/example/svc"), {}, {}, {}});
    for (int s = 0; s < stages; ++s) {
        core::PipelineStage stage;
        stage.name = QStringLiteral("stage-%1").arg(s, 2, 10, QLatin1Char('0'));
        stage.service = service;
        stage.environment = QStringLiteral("env-%1").arg(s);
        stage.direct = s == 0;
        if (s > 0)
            stage.upstream = {inputs.pipeline.stages.last().name};
        stage.policy.requiredApprovals = s % 5 == 4 ? 1 : 0;
        stage.color = s % 3 == 0 ? QStringLiteral("#2e86de") : QString();
        inputs.pipeline.stages.append(stage);
    }
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-30);
    for (int f = 0; f < freight; ++f) {
        const QString tag = QStringLiteral("1.%1.0").arg(freight - f);
        inputs.freight.append(Freight::make(
            service, service,
            {core::FreightArtifact::image(QStringLiteral("ghcr.io/example/svc"), tag, {})},
            start.addSecs(freight - f)));
    }
    for (int s = 0; s < stages; ++s) {
        const QString& stage = inputs.pipeline.stages[s].name;
        for (int f = std::min(2 * s, freight - 1); f < std::min(2 * s + 20, freight); ++f) {
            VersionRecord record;
            record.stage = stage;
            record.service = service;
            record.version = inputs.freight[f].artifacts.first().tag;
            inputs.changes.append(record);
            if (f == std::min(2 * s, freight - 1))
                inputs.current.append(record);
        }
        for (int f = 0; f < std::min(50, freight) && s < 4; ++f) {
            PromotionEvent event;
            event.kind = f % 11 == 0  ? PromotionEvent::Kind::VerificationFailed
                         : f % 7 == 0 ? PromotionEvent::Kind::Approved
                                      : PromotionEvent::Kind::Verified;
            event.at = start.addSecs(f * 60 + s);
            event.service = service;
            event.stage = stage;
            event.freightId = inputs.freight[f].id;
            inputs.events.append(event);
        }
    }
    return inputs;
}

struct Figures final {
    double assembleMs = 0;
    double setServiceMs = 0;
    double sweepMs = 0;
    double repaintMs = 0;
    int rows = 0;
};

double timeMs(int iterations, const std::function<void()>& work) {
    QList<double> ms;
    for (int i = 0; i < iterations; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        ms << double(timer.nsecsElapsed()) / 1e6;
    }
    return median(ms);
}

Figures measure(int freight, int stages, int iterations) {
    Figures figures;
    const RepositoryInputs inputs = generate(freight, stages);
    core::RepositoryState state;
    figures.assembleMs = timeMs(std::max(1, iterations / 3), [&] {
        state = core::RepositoryState::assemble(inputs, QDateTime::currentDateTimeUtc());
    });
    require(state.services.size() == 1, QStringLiteral("one service assembled"));
    const core::ServiceState& service = state.services.first();

    ui::FreightMatrixView view;
    view.resize(1400, 900);
    view.show();
    ui::FreightMatrixModel* model = view.model();
    figures.setServiceMs = timeMs(iterations, [&] { view.setService(&service); });
    figures.rows = model->rowCount();
    // The sweep and the repaint see every freight: the worst case, a person expanded it all.
    for (int row = model->rowCount() - 1; row >= 0; --row)
        model->expand(row);
    require(model->rowCount() == freight, QStringLiteral("every freight has a row once expanded"));

    const QList<int> roles{Qt::DisplayRole, Qt::DecorationRole,
                           ui::FreightMatrixModel::RawValueRole};
    qint64 sink = 0;
    figures.sweepMs = timeMs(iterations, [&] {
        for (int row = 0; row < model->rowCount(); ++row) {
            for (int column = 0; column < model->columnCount(); ++column) {
                const QModelIndex index = model->index(row, column);
                for (int role : roles)
                    sink += index.data(role).isValid();
            }
        }
    });
    require(sink > 0, QStringLiteral("the sweep read data"));

    QTableView* table = view.table();
    QApplication::processEvents();
    figures.repaintMs = timeMs(iterations, [&] { table->viewport()->repaint(); });
    return figures;
}

int run(const Options& options) {
    say(QStringLiteral("load at start %1, platform %2")
            .arg(loadAverage(), QGuiApplication::platformName()));
    const Figures small = measure(options.baselineFreight, options.stages, options.iterations);
    const Figures large = measure(options.freight, options.stages, options.iterations);
    say(QStringLiteral("\nmedians of %1 runs; load %2").arg(options.iterations).arg(loadAverage()));
    say(QStringLiteral("%1 %2 %3 %4")
            .arg(QStringLiteral("figure"), -34)
            .arg(QStringLiteral("%1 × %2").arg(options.baselineFreight).arg(options.stages), 12)
            .arg(QStringLiteral("%1 × %2").arg(options.freight).arg(options.stages), 12)
            .arg(QStringLiteral("ratio"), 8));
    const auto line = [](const char* name, double a, double b) {
        say(QStringLiteral("%1 %2 %3 %4")
                .arg(QString::fromLatin1(name), -34)
                .arg(QStringLiteral("%1 ms").arg(a, 0, 'f', 3), 12)
                .arg(QStringLiteral("%1 ms").arg(b, 0, 'f', 3), 12)
                .arg(QStringLiteral("%1x").arg(b / std::max(a, 1e-6), 0, 'f', 1), 8));
    };
    line("assemble state (worker thread)", small.assembleMs, large.assembleMs);
    line("setService (cells + rows)", small.setServiceMs, large.setServiceMs);
    line("data() sweep, 3 roles per cell", small.sweepMs, large.sweepMs);
    line("repaint of the view", small.repaintMs, large.repaintMs);
    say(QStringLiteral("rows before expanding the runs no stage had: %1 and %2; the sweep and "
                       "the repaint are over every freight")
            .arg(small.rows)
            .arg(large.rows));
    return 0;
}

} // namespace
} // namespace fd::bench

int main(int argc, char** argv) {
    return fd::bench::guiBenchmarkMain(argc, argv, "bench_matrix", [](const QApplication& app) {
        return fd::bench::run(fd::bench::parseOptions(app));
    });
}

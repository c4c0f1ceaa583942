#include "appsettings.h"
#include "demosession.h"
#include "demoworkspace.h"
#include "mainwindow.h"
#include "palettes.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace {

/** Builds the demo's world and opens it; false (with the reason on stderr) when it cannot. */
bool openDemo(QApplication& app, const QString& screenshot,
              std::unique_ptr<fd::demo::DemoWorkspace>& workspace,
              std::unique_ptr<QSettings>& settings, std::unique_ptr<fd::ui::MainWindow>& window) {
    QTextStream err(stderr);
    auto started = fd::demo::DemoWorkspace::start();
    if (!started) {
        err << "freightdesk: the demo could not start: " << started.error().toString() << '\n';
        return false;
    }
    workspace = std::move(*started);
    // The demo's recent repositories and window state stay in its own throw-away folder.
    settings = std::make_unique<QSettings>(workspace->root() + QStringLiteral("/settings.ini"),
                                           QSettings::IniFormat);
    window = std::make_unique<fd::ui::MainWindow>(*settings, workspace->loaderOptions());
    window->setWindowTitle(QStringLiteral("Freightdesk — demo"));
    fd::ui::RepositoryTab* tab = window->openRepository(workspace->repository());
    auto* session = new DemoSession(tab, QStringLiteral("catalogue"),
                                    QStringLiteral("catalogue-dev"), window.get());
    if (screenshot.isEmpty())
        return true;
    QObject::connect(session, &DemoSession::ready, window.get(), [&app, &window, screenshot] {
        // One more turn of the event loop so the status is painted, not just set.
        QTimer::singleShot(200, window.get(), [&app, &window, screenshot] {
            const bool saved = window->grab().save(screenshot, "PNG");
            if (!saved)
                QTextStream(stderr) << "freightdesk: cannot write " << screenshot << '\n';
            app.exit(saved ? 0 : 1);
        });
    });
    QTimer::singleShot(120000, window.get(), [&app] {
        QTextStream(stderr) << "freightdesk: the demo's first status did not arrive within two "
                               "minutes; no screenshot written\n";
        app.exit(1);
    });
    return true;
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Freightdesk"));
    QApplication::setApplicationVersion(QStringLiteral(FREIGHTDESK_VERSION));
    // Wayland matches the window to its desktop entry (and icon) by this name.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.freightdesk.Freightdesk"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Promote software through GitOps stages from the desk."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption branch(QStringLiteral("branch"),
                                    QStringLiteral("The branch to read (default: main)."),
                                    QStringLiteral("BRANCH"), QStringLiteral("main"));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Open a throw-away demo: a Git server, an OCI registry and Argo CD "
                       "(simulated), all on 127.0.0.1."));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("With --demo: write a PNG of the window once the first status has "
                       "arrived, then quit."),
        QStringLiteral("FILE"));
    parser.addOptions({branch, demo, screenshot});
    parser.addPositionalArgument(
        QStringLiteral("repository"),
        QStringLiteral("GitOps repositories to open: remote URLs, local clones or folders."),
        QStringLiteral("[URL|PATH...]"));
    parser.process(app);
    if (parser.isSet(screenshot) && !parser.isSet(demo)) {
        QTextStream(stderr) << "freightdesk: --screenshot works with --demo only\n";
        return 2;
    }

    // No organization name: it would move the cache (QStandardPaths) away from the CLI's, which
    // the freight store and the Git mirrors share with the app.
    QSettings settings(QStringLiteral("Freightdesk"), QStringLiteral("Freightdesk"));
    fd::ui::applyPalette(fd::ui::AppSettings::load(settings).palette);

    if (parser.isSet(demo)) {
        std::unique_ptr<fd::demo::DemoWorkspace> workspace;
        std::unique_ptr<QSettings> demoSettings;
        std::unique_ptr<fd::ui::MainWindow> window;
        if (!openDemo(app, parser.value(screenshot), workspace, demoSettings, window))
            return 1;
        window->resize(1280, 800);
        window->show();
        const int code = QApplication::exec();
        window.reset(); // the window's tabs talk to the workspace's servers
        return code;
    }

    fd::ui::MainWindow window(settings);
    for (const QString& repository : parser.positionalArguments())
        window.openRepository({repository, parser.value(branch)});
    window.show();
    return QApplication::exec();
}

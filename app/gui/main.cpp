#include "appsettings.h"
#include "mainwindow.h"
#include "palettes.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>

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
    parser.addOption(branch);
    parser.addPositionalArgument(
        QStringLiteral("repository"),
        QStringLiteral("GitOps repositories to open: remote URLs, local clones or folders."),
        QStringLiteral("[URL|PATH...]"));
    parser.process(app);

    // No organization name: it would move the cache (QStandardPaths) away from the CLI's, which
    // the freight store and the Git mirrors share with the app.
    QSettings settings(QStringLiteral("Freightdesk"), QStringLiteral("Freightdesk"));
    fd::ui::applyPalette(fd::ui::AppSettings::load(settings).palette);
    fd::ui::MainWindow window(settings);
    for (const QString& repository : parser.positionalArguments())
        window.openRepository({repository, parser.value(branch)});
    window.show();
    return QApplication::exec();
}

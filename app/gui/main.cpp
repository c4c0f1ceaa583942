#include "mainwindow.h"

#include <QApplication>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Freightdesk"));
    fd::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}

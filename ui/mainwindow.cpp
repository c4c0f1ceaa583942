#include "mainwindow.h"

namespace fd::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("Freightdesk"));
}

} // namespace fd::ui

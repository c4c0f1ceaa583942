#include "openrepositorydialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace fd::ui {

OpenRepositoryDialog::OpenRepositoryDialog(const QList<core::RepositoryRequest>& recent,
                                           QWidget* parent)
    : QDialog(parent)
    , m_location(new QComboBox(this))
    , m_branch(new QLineEdit(QStringLiteral("main"), this))
    , m_recent(recent) {
    setWindowTitle(tr("Open Repository"));
    m_location->setEditable(true);
    m_location->setInsertPolicy(QComboBox::NoInsert);
    m_location->setMinimumContentsLength(48);
    m_location->lineEdit()->setPlaceholderText(
        tr("https://git.example.com/deploy.git, git@host:org/deploy.git or a folder"));
    for (const core::RepositoryRequest& each : recent)
        m_location->addItem(each.urlOrPath);
    m_location->setCurrentIndex(-1);
    connect(m_location, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0 && index < m_recent.size())
            m_branch->setText(m_recent[index].branch);
    });

    auto* browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &OpenRepositoryDialog::browse);
    auto* locationRow = new QHBoxLayout;
    locationRow->addWidget(m_location, 1);
    locationRow->addWidget(browse);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto updateOpen = [this, buttons] {
        buttons->button(QDialogButtonBox::Open)
            ->setEnabled(!request().urlOrPath.isEmpty() && !request().branch.isEmpty());
    };
    connect(m_location, &QComboBox::editTextChanged, this, updateOpen);
    connect(m_branch, &QLineEdit::textChanged, this, updateOpen);
    updateOpen();

    auto* form = new QFormLayout(this);
    // A row of a layout gets no buddy from the form: without one the label would show its '&'.
    auto* locationLabel = new QLabel(tr("&Repository:"), this);
    locationLabel->setBuddy(m_location);
    form->addRow(locationLabel, locationRow);
    form->addRow(tr("B&ranch:"), m_branch);
    form->addRow(buttons);
}

core::RepositoryRequest OpenRepositoryDialog::request() const {
    return {m_location->currentText().trimmed(), m_branch->text().trimmed()};
}

void OpenRepositoryDialog::browse() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a Local Repository"));
    if (!folder.isEmpty())
        m_location->setEditText(folder);
}

} // namespace fd::ui

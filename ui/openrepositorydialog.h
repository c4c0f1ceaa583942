#pragma once

#include "repositoryloader.h"

#include <QDialog>

class QComboBox;
class QLineEdit;

namespace fd::ui {

/** Asks for a repository (a remote URL, a local clone or a folder) and the branch to read. */
class OpenRepositoryDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenRepositoryDialog)

public:
    explicit OpenRepositoryDialog(const QList<core::RepositoryRequest>& recent,
                                  QWidget* parent = nullptr);

    core::RepositoryRequest request() const;

private:
    void browse();

    QComboBox* m_location;
    QLineEdit* m_branch;
    QList<core::RepositoryRequest> m_recent;
};

} // namespace fd::ui

#pragma once

#include "repositoryloader.h"

#include <QList>

class QSettings;

namespace fd::ui {

/**
 * The repositories opened lately, newest first, kept in the app's settings. Only the address
 * and branch are kept: a password or token in a URL is removed before it is written.
 */
class RecentRepositories final {
public:
    static constexpr int maxEntries = 10;

    explicit RecentRepositories(QSettings& settings);

    QList<core::RepositoryRequest> list() const;
    /** Moves @p request to the front (adds it when new). */
    void add(const core::RepositoryRequest& request);

private:
    QSettings& m_settings;
};

} // namespace fd::ui

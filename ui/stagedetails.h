#pragma once

#include "argocdappstatus.h"
#include "result.h"

#include <QHash>
#include <QString>
#include <QUrl>

namespace fd::core {
struct RepositoryState;
}

namespace fd::ui {

/** What the details pane shows: one stage of one service, and a freight in it or its own. */
struct StageDetailsRequest final {
    QString service;
    QString stage;
    /** The freight of the selected cell; empty: the freight the stage runs. */
    QString freightId;
    /** Argo CD's web UI; empty when no Argo CD server is known. */
    QUrl argocdServer;
    /** Why there is no live status (no connection); empty when statuses are asked for. */
    QString argocdUnavailable;
    /** Live status by app name as the pipeline names it; an app not in it is still loading. */
    QHash<QString, core::Result<core::ArgoCdAppStatus>> statuses;
    /** How many of the stage's latest history entries to show. */
    int historyLimit = 10;
};

/** The link to @p app ("name" or "namespace/name") in Argo CD's web UI at @p server. */
QUrl argocdAppLink(const QUrl& server, const QString& app);

/**
 * The stage's details as HTML for a QTextBrowser: the freight's artifacts, the stage's targets,
 * its Argo CD apps (links, live status or why there is none) and its latest history.
 */
QString stageDetailsHtml(const core::RepositoryState& state, const StageDetailsRequest& request);

} // namespace fd::ui

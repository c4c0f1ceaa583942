#include "stagedetails.h"

#include "argocdclient.h"
#include "freighttext.h"
#include "historyentry.h"
#include "repositorystate.h"

#include <QCoreApplication>

namespace fd::ui {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("fd::ui::DetailsPane", text);
}

QString esc(const QString& text) {
    return text.toHtmlEscaped();
}

QString artifactHtml(const core::FreightArtifact& artifact) {
    switch (artifact.kind) {
    case core::FreightArtifact::Kind::Image:
        return tr("Image <b>%1:%2</b><br><code>%3</code>")
            .arg(esc(artifact.repoURL), esc(artifact.tag), esc(artifact.digest));
    case core::FreightArtifact::Kind::Chart:
        return tr("Chart <b>%1 %2</b> from %3")
            .arg(esc(artifact.name), esc(artifact.version), esc(artifact.repoURL));
    case core::FreightArtifact::Kind::Commit:
        return tr("Commit <code>%1</code> of %2%3")
            .arg(esc(artifact.id), esc(artifact.repoURL),
                 artifact.tag.isEmpty() ? QString() : tr(" (tag %1)").arg(esc(artifact.tag)));
    }
    return {};
}

const core::Freight* findFreight(const core::ServiceState& service, const QString& id) {
    for (const core::Freight& freight : service.freight) {
        if (freight.id == id)
            return &freight;
    }
    return nullptr;
}

QString freightSection(const core::ServiceState* service, const StageDetailsRequest& request) {
    const core::Freight* freight = nullptr;
    QString heading = tr("Freight");
    if (service && !request.freightId.isEmpty()) {
        freight = findFreight(*service, request.freightId);
    } else if (service) {
        const int stage = int(service->stages.indexOf(request.stage));
        const int index = stage >= 0 ? service->summaries.value(stage).freightIndex : -1;
        freight = index >= 0 ? &service->freight[index] : nullptr;
        heading = tr("Running freight");
    }
    QString html = QStringLiteral("<h3>%1</h3>").arg(heading);
    if (!freight)
        return html + tr("<p>No known freight.</p>");
    html += QStringLiteral("<p><b>%1</b><br><small>%2</small></p><ul>")
                .arg(esc(freightLabel(*freight)), esc(freight->id));
    for (const core::FreightArtifact& artifact : freight->artifacts)
        html += QStringLiteral("<li>%1</li>").arg(artifactHtml(artifact));
    return html + QStringLiteral("</ul>");
}

QString targetText(const core::PipelineTarget& target) {
    QString where;
    switch (target.kind) {
    case core::PipelineTarget::Kind::YamlKey:
        where = tr("key <code>%1</code>").arg(esc(target.key));
        break;
    case core::PipelineTarget::Kind::KustomizeImage:
        where = tr("image <code>%1</code>").arg(esc(target.image));
        break;
    case core::PipelineTarget::Kind::HelmChart:
        where = tr("chart <code>%1</code>").arg(esc(target.key));
        break;
    }
    QString text = QStringLiteral("<code>%1</code> %2").arg(esc(target.file), where);
    if (!target.repoUrl.isEmpty())
        text += tr(" in %1").arg(esc(locationText(target.repoUrl)));
    if (!target.branch.isEmpty())
        text += tr(" on branch %1").arg(esc(target.branch));
    return text;
}

QString statusText(const core::Result<core::ArgoCdAppStatus>& status) {
    if (!status)
        return tr("status unavailable: %1").arg(esc(status.error().toString()));
    QString text =
        tr("%1, %2, revision <code>%3</code>")
            .arg(esc(status->syncStatus.isEmpty() ? tr("sync unknown") : status->syncStatus),
                 esc(status->healthStatus.isEmpty() ? tr("health unknown") : status->healthStatus),
                 esc(status->syncRevision.left(8)));
    if (status->hasOperationState) {
        const core::ArgoCdOperationState& operation = status->operationState;
        text += tr("<br>last operation: %1 %2")
                    .arg(esc(operation.phase),
                         esc(operation.finishedAt.isValid()
                                 ? operation.finishedAt.toUTC().toString(Qt::ISODate)
                                 : operation.startedAt.toUTC().toString(Qt::ISODate)));
        if (!operation.message.isEmpty())
            text += QStringLiteral(": ") + esc(operation.message);
    }
    if (!status->healthMessage.isEmpty())
        text += QStringLiteral("<br>") + esc(status->healthMessage);
    return text;
}

QString appsSection(const core::PipelineStage* stage, const StageDetailsRequest& request) {
    QString html = QStringLiteral("<h3>%1</h3>").arg(tr("Argo CD applications"));
    // Without an app, whether a server is known does not matter here.
    if (!stage || stage->argocdApps.isEmpty())
        return html + tr("<p>No Argo CD application deploys this stage.</p>");
    if (!request.argocdUnavailable.isEmpty())
        html += QStringLiteral("<p><i>%1</i></p>").arg(esc(request.argocdUnavailable));
    html += QStringLiteral("<ul>");
    for (const QString& app : stage->argocdApps) {
        const QUrl link = argocdAppLink(request.argocdServer, app);
        html += QStringLiteral("<li>");
        html += link.isEmpty() ? QStringLiteral("<b>%1</b>").arg(esc(app))
                               : QStringLiteral("<a href=\"%1\"><b>%2</b></a>")
                                     .arg(esc(link.toString()), esc(app));
        if (request.argocdUnavailable.isEmpty()) {
            const auto found = request.statuses.constFind(app);
            html += QStringLiteral("<br>") +
                    (found == request.statuses.cend() ? tr("loading status…") : statusText(*found));
        }
        html += QStringLiteral("</li>");
    }
    return html + QStringLiteral("</ul>");
}

QString historySection(const core::RepositoryState& state, const StageDetailsRequest& request) {
    QString rows;
    int shown = 0;
    for (const HistoryEntry& entry : historyEntries(state)) {
        if (entry.stage != request.stage)
            continue;
        if (shown++ == request.historyLimit)
            break;
        // One entry per paragraph, not a table: the pane is narrow and comments are long.
        const QString when =
            esc(entry.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        rows += QStringLiteral("<p class=\"history\"><b>%1</b> %2<br>%3 · %4%5</p>")
                    .arg(esc(historyKindText(entry.kind)), esc(entry.version), when, esc(entry.who),
                         entry.comment.isEmpty()
                             ? QString()
                             : QStringLiteral("<br><i>%1</i>").arg(esc(entry.comment)));
    }
    const QString heading = QStringLiteral("<h3>%1</h3>").arg(tr("Latest history"));
    if (rows.isEmpty())
        return heading + tr("<p>Nothing recorded for this stage.</p>");
    return heading + rows;
}

} // namespace

QUrl argocdAppLink(const QUrl& server, const QString& app) {
    if (server.isEmpty())
        return {};
    auto [namespaceName, name] = core::ArgoCdClient::splitName(app);
    // Argo CD's own namespace when the pipeline names the app without one.
    if (namespaceName.isEmpty())
        namespaceName = QStringLiteral("argocd");
    QUrl link = server;
    QString path = link.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    link.setPath(path + QStringLiteral("/applications/%1/%2").arg(namespaceName, name));
    return link;
}

QString stageDetailsHtml(const core::RepositoryState& state, const StageDetailsRequest& request) {
    const core::ServiceState* service = state.service(request.service);
    const core::PipelineStage* stage = state.pipeline.stage(request.stage);
    if (!stage)
        return tr("<p>Select a cell or a stage to see its details.</p>");
    QString html = QStringLiteral("<h2>%1</h2><p>%2</p>")
                       .arg(esc(stage->name),
                            tr("%1 in %2").arg(esc(stage->service), esc(stage->environment)));
    html += freightSection(service, request);
    html += QStringLiteral("<h3>%1</h3><ul>").arg(tr("Targets"));
    for (const core::PipelineTarget& target : stage->targets)
        html += QStringLiteral("<li>%1</li>").arg(targetText(target));
    html += QStringLiteral("</ul>");
    html += appsSection(stage, request);
    return html + historySection(state, request);
}

} // namespace fd::ui

#include "freighttext.h"

#include "freight.h"
#include "remoteurl.h"

#include <QStringList>

// Q_INIT_RESOURCE must be used outside a namespace.
static void initFreightdeskResources() {
    Q_INIT_RESOURCE(freightdesk);
}

namespace fd::ui {

QString freightVersionText(const core::Freight& freight) {
    QStringList parts;
    for (const core::FreightArtifact& artifact : freight.artifacts) {
        switch (artifact.kind) {
        case core::FreightArtifact::Kind::Image:
            parts.append(artifact.tag.isEmpty() ? artifact.digest.left(19) : artifact.tag);
            break;
        case core::FreightArtifact::Kind::Chart:
            parts.append(QStringLiteral("chart ") + artifact.version);
            break;
        case core::FreightArtifact::Kind::Commit:
            parts.append(artifact.tag.isEmpty() ? artifact.id.left(7) : artifact.tag);
            break;
        }
    }
    return parts.join(QStringLiteral(" + "));
}

QString freightLabel(const core::Freight& freight) {
    const QString version = freightVersionText(freight);
    if (freight.alias.isEmpty())
        return version;
    return QStringLiteral("%1 (%2)").arg(version, freight.alias);
}

QString locationText(const QString& urlOrPath) {
    const auto url = core::RemoteUrl::parse(urlOrPath);
    return url && !url->isLocalPath() ? url->redacted() : urlOrPath;
}

QString counted(qsizetype count, const QString& one, const QString& many) {
    return QStringLiteral("%1 %2").arg(count).arg(count == 1 ? one : many);
}

void initUiResources() {
    static const bool done = [] {
        initFreightdeskResources();
        return true;
    }();
    Q_UNUSED(done);
}

} // namespace fd::ui

#include "promotionedits.h"

#include "imagereference.h"

#include <QRegularExpression>

#include <optional>

namespace fd::core {

namespace {

struct FreightField final {
    FreightArtifact::Kind kind;
    QString repoURL;
    QString field;
};

std::optional<FreightField> parseField(const QString& expression) {
    static const QRegularExpression pattern(QStringLiteral(
        "^\\s*(imageFrom|chartFrom|commitFrom)\\(\\s*[\"']?([^\"')]*)[\"']?\\s*\\)\\.(\\w+)\\s*$"));
    const auto match = pattern.match(expression);
    if (!match.hasMatch())
        return std::nullopt;
    const QString function = match.captured(1);
    const FreightArtifact::Kind kind = function == u"imageFrom"   ? FreightArtifact::Kind::Image
                                       : function == u"chartFrom" ? FreightArtifact::Kind::Chart
                                                                  : FreightArtifact::Kind::Commit;
    return FreightField{kind, match.captured(2).trimmed(), match.captured(3)};
}

bool sameRepository(const FreightArtifact& artifact, const QString& repoURL) {
    if (artifact.repoURL == repoURL)
        return true;
    if (artifact.kind != FreightArtifact::Kind::Image)
        return false;
    const auto ours = ImageReference::parse(artifact.repoURL);
    const auto theirs = ImageReference::parse(repoURL);
    return ours && theirs && ours->registry == theirs->registry &&
           ours->repository == theirs->repository;
}

Result<QString> fieldValue(const FreightField& wanted, const Freight& freight,
                           const QString& expression) {
    const FreightArtifact* chosen = nullptr;
    int ofKind = 0;
    const FreightArtifact* onlyOfKind = nullptr;
    for (const FreightArtifact& artifact : freight.artifacts) {
        if (artifact.kind != wanted.kind)
            continue;
        ++ofKind;
        onlyOfKind = &artifact;
        if (!wanted.repoURL.isEmpty() && sameRepository(artifact, wanted.repoURL))
            chosen = &artifact;
    }
    if (!chosen && ofKind == 1)
        chosen = onlyOfKind;
    if (!chosen)
        return Error{
            Error::Kind::NotFound,
            QStringLiteral("freight %1 has no artifact for %2").arg(freight.alias, expression),
            {}};
    const QString field = wanted.field.toLower();
    QString value;
    if (field == u"tag")
        value = chosen->tag;
    else if (field == u"digest")
        value = chosen->digest;
    else if (field == u"repourl")
        value = chosen->repoURL;
    else if (field == u"version")
        value = chosen->version;
    else if (field == u"id")
        value = chosen->id;
    if (value.isEmpty())
        return Error{
            Error::Kind::Unsupported,
            QStringLiteral("%1: freight %2 has no %3").arg(expression, freight.alias, wanted.field),
            {}};
    return value;
}

} // namespace

Result<QString> renderTargetValue(const QString& value, const Freight& freight) {
    if (const auto field = parseField(value))
        return fieldValue(*field, freight, value.trimmed());
    static const QRegularExpression part(QStringLiteral("\\$\\{\\{(.*?)\\}\\}"));
    QString rendered;
    qsizetype from = 0;
    auto parts = part.globalMatch(value);
    while (parts.hasNext()) {
        const auto match = parts.next();
        rendered += value.mid(from, match.capturedStart() - from);
        const QString expression = match.captured(1).trimmed();
        const auto field = parseField(expression);
        if (!field)
            return Error{Error::Kind::Unsupported,
                         QStringLiteral("the expression ${{ %1 }} is not one Freightdesk can fill "
                                        "in from a freight")
                             .arg(expression),
                         {}};
        auto filled = fieldValue(*field, freight, expression);
        if (!filled)
            return filled;
        rendered += *filled;
        from = match.capturedEnd();
    }
    return rendered + value.mid(from);
}

Result<QList<ValueEdit>> promotionEdits(const PipelineStage& stage, const Freight& freight) {
    if (stage.readOnly)
        return Error{Error::Kind::Unsupported,
                     QStringLiteral("stage %1 is read-only in Freightdesk: %2")
                         .arg(stage.name, stage.readOnlyReason),
                     stage.location};
    if (stage.targets.isEmpty())
        return Error{
            Error::Kind::Unsupported,
            QStringLiteral("stage %1 has no file or key to write a version to").arg(stage.name),
            stage.location};
    QList<ValueEdit> edits;
    for (const PipelineTarget& target : stage.targets) {
        if (!target.repoUrl.isEmpty())
            return Error{Error::Kind::Unsupported,
                         QStringLiteral("stage %1 writes to another repository (%2), which "
                                        "Freightdesk does not promote into yet")
                             .arg(stage.name, target.repoUrl),
                         target.location};
        if (target.kind == PipelineTarget::Kind::HelmChart)
            return Error{Error::Kind::Unsupported,
                         QStringLiteral("stage %1 updates a chart version (%2 in %3), which "
                                        "Freightdesk does not promote yet")
                             .arg(stage.name, target.key, target.file),
                         target.location};
        if (target.value.isEmpty())
            return Error{Error::Kind::Unsupported,
                         QStringLiteral("the target %1 of stage %2 does not say which of the "
                                        "freight's versions it holds")
                             .arg(target.file, stage.name),
                         target.location};
        auto value = renderTargetValue(target.value, freight);
        if (!value)
            return Error{value.error().kind, value.error().message, target.location};
        edits.append(targetEdit(target, *value));
    }
    return edits;
}

QString promotionBranch(const PipelineStage& stage) {
    QString branch;
    for (const PipelineTarget& target : stage.targets) {
        if (!target.branch.isEmpty())
            branch = target.branch;
    }
    return branch;
}

ValueEdit targetEdit(const PipelineTarget& target, const QString& value) {
    ValueEdit edit;
    edit.path = target.file;
    edit.value = value;
    if (target.kind == PipelineTarget::Kind::KustomizeImage) {
        edit.kind = ValueEdit::Kind::KustomizeImage;
        edit.key = target.image;
        edit.field = target.value.contains(QStringLiteral(".Digest")) ? KustomizeField::Digest
                                                                      : KustomizeField::NewTag;
    } else {
        edit.key = target.key;
    }
    return edit;
}

} // namespace fd::core

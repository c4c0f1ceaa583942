#include "simrenderer.h"

#include "githistory.h"
#include "yamlvalue.h"

#include <QCryptographicHash>

namespace fd::argocdsim {

using fd::core::ArgoCDSource;
using fd::core::YamlValue;

namespace {

QString scalarAt(const YamlValue& document, const QString& keyPath) {
    YamlValue node = document;
    for (const QString& key : keyPath.split(u'.'))
        node = node[key];
    return node.isScalar() ? node.scalar() : QString();
}

QString joined(const QString& folder, const QString& name) {
    return folder.isEmpty() ? name : folder + u'/' + name;
}

} // namespace

SimRenderer::SimRenderer(const fd::core::GitHistory& history, QString repositoryKey, QString tagKey)
    : m_history(history)
    , m_repositoryKey(std::move(repositoryKey))
    , m_tagKey(std::move(tagKey)) {}

SimRender SimRenderer::render(const fd::core::ArgoCDApplication& app, const QString& commit) const {
    SimRender render;
    QStringList fingerprint;
    for (const ArgoCDSource& source : app.sources) {
        if (source.inThisRepository)
            renderSource(source, commit, render, fingerprint);
        else
            fingerprint.append(source.repoUrl + u' ' + source.chart + u' ' + source.targetRevision);
    }
    render.fingerprint = QString::fromLatin1(
        QCryptographicHash::hash(fingerprint.join(u'\n').toUtf8(), QCryptographicHash::Sha1)
            .toHex());
    return render;
}

void SimRenderer::renderSource(const ArgoCDSource& source, const QString& commit, SimRender& render,
                               QStringList& fingerprint) const {
    if (!source.path.isEmpty()) {
        auto files = m_history.listFiles(commit, source.folder);
        if (!files) {
            render.error = QStringLiteral("%1: app path does not exist").arg(source.path);
            return;
        }
        for (const auto& file : *files)
            fingerprint.append(file.path + u' ' + file.blobId);
    }
    if (source.ref.isEmpty() && source.path.isEmpty())
        return;
    QString repository;
    QString tag;
    const QString chartValues = joined(source.folder, QStringLiteral("values.yaml"));
    if (!source.path.isEmpty() && m_history.readFile(commit, chartValues))
        readHelmValues(chartValues, commit, repository, tag, render, fingerprint);
    for (const auto& valueFile : source.valueFiles) {
        if (!valueFile.inThisRepository)
            continue;
        if (!readHelmValues(valueFile.path, commit, repository, tag, render, fingerprint) &&
            !source.ignoreMissingValueFiles && render.error.isEmpty())
            render.error = QStringLiteral("%1: no such file or directory").arg(valueFile.written);
    }
    if (!tag.isEmpty()) {
        render.images.append(repository.isEmpty() ? tag : repository + u':' + tag);
        render.tags.append(tag);
    }
    const QString kustomization = joined(source.folder, QStringLiteral("kustomization.yaml"));
    if (!source.path.isEmpty() && m_history.readFile(commit, kustomization))
        readKustomization(kustomization, commit, render);
}

bool SimRenderer::readHelmValues(const QString& path, const QString& commit, QString& repository,
                                 QString& tag, SimRender& render, QStringList& fingerprint) const {
    auto bytes = m_history.readFile(commit, path);
    if (!bytes)
        return false;
    fingerprint.append(
        path + u' ' +
        QString::fromLatin1(QCryptographicHash::hash(*bytes, QCryptographicHash::Sha1).toHex()));
    auto documents = YamlValue::parseAll(*bytes, path);
    if (!documents) {
        if (render.error.isEmpty())
            render.error =
                QStringLiteral("failed to parse %1: %2").arg(path, documents.error().toString());
        return true;
    }
    if (documents->isEmpty())
        return true;
    if (const QString value = scalarAt(documents->first(), m_repositoryKey); !value.isEmpty())
        repository = value;
    if (const QString value = scalarAt(documents->first(), m_tagKey); !value.isEmpty())
        tag = value;
    return true;
}

void SimRenderer::readKustomization(const QString& path, const QString& commit,
                                    SimRender& render) const {
    auto documents = YamlValue::parseAll(*m_history.readFile(commit, path), path);
    if (!documents || documents->isEmpty()) {
        if (!documents && render.error.isEmpty())
            render.error =
                QStringLiteral("failed to parse %1: %2").arg(path, documents.error().toString());
        return;
    }
    for (const YamlValue& image : documents->first()[QStringLiteral("images")].items()) {
        const QString name =
            image[QStringLiteral("newName")].scalar(image[QStringLiteral("name")].scalar());
        const QString tag = image[QStringLiteral("newTag")].scalar();
        if (tag.isEmpty())
            continue;
        render.images.append(name + u':' + tag);
        render.tags.append(tag);
    }
}

} // namespace fd::argocdsim

#include "imagereference.h"

#include <QRegularExpression>

namespace fd::core {

QString imageWithoutTag(const QString& image) {
    QString name = image.section(QLatin1Char('@'), 0, 0);
    // A colon after the last slash starts the tag; one before it belongs to a registry's port.
    const qsizetype colon = name.lastIndexOf(QLatin1Char(':'));
    if (colon > name.lastIndexOf(QLatin1Char('/')))
        name.truncate(colon);
    return name;
}

namespace {

// Docker's rule: the first part names a registry only if it looks like a host.
bool isRegistryHost(const QString& part) {
    return part.contains(QLatin1Char('.')) || part.contains(QLatin1Char(':')) ||
           part == u"localhost";
}

Error invalid(const QString& text, const QString& why) {
    return Error{Error::Kind::InvalidInput,
                 QStringLiteral("\"%1\" is not an image reference: %2").arg(text, why), QString()};
}

} // namespace

QString imagePathWithoutRegistry(const QString& image) {
    QString path = imageWithoutTag(image);
    const QString first = path.section(QLatin1Char('/'), 0, 0);
    if (path.contains(QLatin1Char('/')) && isRegistryHost(first))
        path = path.section(QLatin1Char('/'), 1);
    if (path.startsWith(QLatin1String("library/")))
        path = path.mid(8);
    return path;
}

Result<ImageReference> ImageReference::parse(const QString& text) {
    // The grammar of distribution/reference, without its length limits on hosts.
    static const QRegularExpression pathPattern(
        QStringLiteral("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)"
                       "[a-z0-9]+)*)*$"));
    static const QRegularExpression tagPattern(
        QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"));
    static const QRegularExpression digestPattern(
        QStringLiteral("^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$"));
    static const QRegularExpression hostPattern(QStringLiteral("^[A-Za-z0-9.-]+(?::[0-9]+)?$"));

    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return invalid(text, QStringLiteral("it is empty"));
    if (trimmed.contains(QStringLiteral("://")))
        return invalid(text, QStringLiteral("write it without a scheme (\"ghcr.io/org/app\")"));

    ImageReference reference;
    const QString name = imageWithoutTag(trimmed);
    const qsizetype at = trimmed.indexOf(QLatin1Char('@'));
    if (at >= 0)
        reference.digest = trimmed.mid(at + 1);
    const QString nameAndTag = trimmed.left(at >= 0 ? at : trimmed.size());
    if (nameAndTag.size() > name.size())
        reference.tag = nameAndTag.mid(name.size() + 1);

    const QString first = name.section(QLatin1Char('/'), 0, 0);
    if (name.contains(QLatin1Char('/')) && isRegistryHost(first)) {
        reference.registry = first.toLower();
        reference.repository = name.section(QLatin1Char('/'), 1);
    } else {
        reference.registry = dockerHub();
        reference.repository = name;
    }
    if (reference.registry == u"index.docker.io" || reference.registry == u"registry-1.docker.io")
        reference.registry = dockerHub();
    if (reference.isDockerHub() && !reference.repository.contains(QLatin1Char('/')))
        reference.repository.prepend(QStringLiteral("library/"));

    if (!hostPattern.match(reference.registry).hasMatch())
        return invalid(text,
                       QStringLiteral("\"%1\" is not a registry host").arg(reference.registry));
    if (!pathPattern.match(reference.repository).hasMatch())
        return invalid(text, QStringLiteral("the repository \"%1\" must be lower case letters, "
                                            "digits and single separators (. _ - /)")
                                 .arg(reference.repository));
    if (nameAndTag.size() > name.size() && !tagPattern.match(reference.tag).hasMatch())
        return invalid(text, QStringLiteral("the tag \"%1\" is not valid").arg(reference.tag));
    if (at >= 0 && !digestPattern.match(reference.digest).hasMatch())
        return invalid(
            text, QStringLiteral("the digest \"%1\" is not algorithm:hex").arg(reference.digest));
    return reference;
}

QString ImageReference::apiHost() const {
    return isDockerHub() ? QStringLiteral("registry-1.docker.io") : registry;
}

QString ImageReference::name() const {
    return registry + QLatin1Char('/') + repository;
}

QString ImageReference::manifestReference() const {
    if (!digest.isEmpty())
        return digest;
    return tag.isEmpty() ? QStringLiteral("latest") : tag;
}

QString ImageReference::toString() const {
    QString text = name();
    if (!tag.isEmpty())
        text += QLatin1Char(':') + tag;
    if (!digest.isEmpty())
        text += QLatin1Char('@') + digest;
    return text;
}

} // namespace fd::core

#include "valueedit.h"

namespace fd::core {

namespace {
QString fieldName(KustomizeField field) {
    switch (field) {
    case KustomizeField::NewName:
        return QStringLiteral("newName");
    case KustomizeField::NewTag:
        return QStringLiteral("newTag");
    case KustomizeField::Digest:
        return QStringLiteral("digest");
    }
    return {};
}
} // namespace

Result<std::optional<QString>> ValueEdit::currentIn(const YamlDocument& document) const {
    if (kind == Kind::KustomizeImage)
        return document.kustomizeImageField(key, field);
    auto current = document.scalar(key);
    if (!current)
        return std::move(current).error();
    return std::optional<QString>(*current);
}

Result<void> ValueEdit::applyTo(YamlDocument& document) const {
    if (kind == Kind::KustomizeImage)
        return document.setKustomizeImageField(key, field, value);
    return document.setScalar(key, value);
}

QString ValueEdit::describe() const {
    if (kind == Kind::YamlKey)
        return path + QStringLiteral(": ") + key;
    return path + QStringLiteral(": images[") + key + QStringLiteral("].") + fieldName(field);
}

} // namespace fd::core

namespace fd::core {

namespace {

Error badSpec(const QString& spec, const QString& why) {
    return Error{Error::Kind::InvalidInput, QStringLiteral("\"%1\": %2").arg(spec, why), {}};
}

struct ImageRef {
    QString name;
    QString tag;
    QString digest;
};

// A tag is what follows the last ':' after the last '/', so "host:5000/app" has none.
ImageRef splitImageRef(QString ref) {
    ImageRef image;
    if (const qsizetype at = ref.indexOf(QLatin1Char('@')); at >= 0) {
        image.digest = ref.mid(at + 1);
        ref.truncate(at);
    }
    const qsizetype colon = ref.lastIndexOf(QLatin1Char(':'));
    if (colon > ref.lastIndexOf(QLatin1Char('/'))) {
        image.tag = ref.mid(colon + 1);
        ref.truncate(colon);
    }
    image.name = ref;
    return image;
}

} // namespace

Result<ValueEdit> ValueEdit::fromSpec(const QString& spec) {
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return badSpec(spec, QStringLiteral("expected PATH:KEY=VALUE, e.g. "
                                            "env/prod/frontend/values.yaml:image.tag=1.0.12"));
    qsizetype equals = -1;
    for (qsizetype i = colon + 1; i < spec.size(); ++i) {
        if (spec.at(i) == QLatin1Char('\\')) {
            ++i;
        } else if (spec.at(i) == QLatin1Char('=')) {
            equals = i;
            break;
        }
    }
    if (equals < 0)
        return badSpec(spec, QStringLiteral("no '=' between the key and the value"));
    ValueEdit edit;
    edit.path = spec.left(colon);
    edit.key =
        spec.mid(colon + 1, equals - colon - 1).replace(QStringLiteral("\\="), QStringLiteral("="));
    edit.value = spec.mid(equals + 1);
    if (edit.key.isEmpty())
        return badSpec(spec, QStringLiteral("the key is empty"));
    return edit;
}

Result<QList<ValueEdit>> ValueEdit::fromImageSpec(const QString& spec) {
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return badSpec(spec, QStringLiteral("expected PATH:IMAGE, e.g. "
                                            "env/dev:ghcr.io/acme/guestbook:v0.0.2"));
    QString path = spec.left(colon);
    if (!path.endsWith(QStringLiteral(".yaml")) && !path.endsWith(QStringLiteral(".yml")))
        path += path.endsWith(QLatin1Char('/')) ? QStringLiteral("kustomization.yaml")
                                                : QStringLiteral("/kustomization.yaml");
    return fromImage(path, spec.mid(colon + 1));
}

Result<QList<ValueEdit>> ValueEdit::fromImage(const QString& path, const QString& image) {
    const auto invalid = [&](const QString& why) {
        return Error{Error::Kind::InvalidInput, QStringLiteral("\"%1\": %2").arg(image, why), path};
    };
    const qsizetype equals = image.indexOf(QLatin1Char('='));
    const ImageRef ref = splitImageRef(equals >= 0 ? image.mid(equals + 1) : image);
    const QString name = equals >= 0 ? image.left(equals) : ref.name;
    if (name.isEmpty())
        return invalid(QStringLiteral("the image name is empty"));

    QList<ValueEdit> edits;
    const auto add = [&](KustomizeField field, const QString& value) {
        edits.append(ValueEdit{Kind::KustomizeImage, path, name, field, value});
    };
    if (equals >= 0 && !ref.name.isEmpty())
        add(KustomizeField::NewName, ref.name);
    if (!ref.tag.isEmpty())
        add(KustomizeField::NewTag, ref.tag);
    if (!ref.digest.isEmpty())
        add(KustomizeField::Digest, ref.digest);
    if (edits.isEmpty())
        return invalid(QStringLiteral("give a new name, a tag or a digest "
                                      "(NAME:TAG, NAME@DIGEST or NAME=NEWNAME)"));
    return edits;
}

} // namespace fd::core

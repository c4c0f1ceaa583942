#include "freightartifact.h"

#include "kargourls.h"

using namespace Qt::Literals::StringLiterals;

namespace fd::core {
namespace {

using Kind = FreightArtifact::Kind;

Error invalid(const QString& why) {
    return Error{Error::Kind::Parse, u"freight artifact: "_s + why, {}};
}

/** The string at @p key; an error when @p required and it is missing or not a string. */
Result<QString> stringAt(const QJsonObject& json, const QString& key, bool required) {
    const QJsonValue value = json.value(key);
    if (value.isUndefined() && !required)
        return QString();
    if (!value.isString() || (required && value.toString().isEmpty()))
        return invalid(QStringLiteral("\"%1\" must be a non-empty string").arg(key));
    return value.toString();
}

FreightArtifact ofKind(Kind kind, QString repoURL) {
    FreightArtifact a;
    a.kind = kind;
    a.repoURL = std::move(repoURL);
    return a;
}

} // namespace

FreightArtifact FreightArtifact::image(QString repoURL, QString tag, QString digest) {
    FreightArtifact a = ofKind(Kind::Image, std::move(repoURL));
    a.tag = std::move(tag);
    a.digest = std::move(digest);
    return a;
}

FreightArtifact FreightArtifact::chart(QString repoURL, QString name, QString version) {
    FreightArtifact a = ofKind(Kind::Chart, std::move(repoURL));
    a.name = std::move(name);
    a.version = std::move(version);
    return a;
}

FreightArtifact FreightArtifact::commit(QString repoURL, QString id, QString tag) {
    FreightArtifact a = ofKind(Kind::Commit, std::move(repoURL));
    a.id = std::move(id);
    a.tag = std::move(tag);
    return a;
}

QString FreightArtifact::kindName() const {
    switch (kind) {
    case Kind::Image:
        return u"image"_s;
    case Kind::Chart:
        return u"chart"_s;
    case Kind::Commit:
        return u"commit"_s;
    }
    return {};
}

QString FreightArtifact::identityPart() const {
    switch (kind) {
    case Kind::Image:
        // Kargo hashes the image URL as written, and both tag and digest: a mutable tag that
        // moves, or a digest tagged anew, is new freight.
        return repoURL + u':' + tag + u'@' + digest;
    case Kind::Chart:
        return goPathJoin(kargoNormalizeChartUrl(repoURL), name) + u':' + version;
    case Kind::Commit: {
        const QString url = kargoNormalizeGitUrl(repoURL);
        return tag.isEmpty() ? url + u':' + id : url + u':' + tag + u':' + id;
    }
    }
    return {};
}

QJsonObject FreightArtifact::toJson() const {
    QJsonObject json{{u"kind"_s, kindName()}, {u"repoURL"_s, repoURL}};
    switch (kind) {
    case Kind::Image:
        json.insert(u"tag"_s, tag);
        json.insert(u"digest"_s, digest);
        break;
    case Kind::Chart:
        if (!name.isEmpty())
            json.insert(u"name"_s, name);
        json.insert(u"version"_s, version);
        break;
    case Kind::Commit:
        json.insert(u"id"_s, id);
        if (!tag.isEmpty())
            json.insert(u"tag"_s, tag);
        break;
    }
    return json;
}

Result<FreightArtifact> FreightArtifact::fromJson(const QJsonObject& json) {
    const QString kind = json.value(u"kind"_s).toString();
    auto repoURL = stringAt(json, u"repoURL"_s, true);
    if (!repoURL)
        return std::move(repoURL).error();
    // Each kind's fields: the ones it must have, then the ones it may have.
    QList<std::pair<QString, QString*>> required;
    QList<std::pair<QString, QString*>> optional;
    FreightArtifact a;
    a.repoURL = *repoURL;
    if (kind == u"image") {
        a.kind = Kind::Image;
        required = {{u"tag"_s, &a.tag}, {u"digest"_s, &a.digest}};
    } else if (kind == u"chart") {
        a.kind = Kind::Chart;
        required = {{u"version"_s, &a.version}};
        optional = {{u"name"_s, &a.name}};
    } else if (kind == u"commit") {
        a.kind = Kind::Commit;
        required = {{u"id"_s, &a.id}};
        optional = {{u"tag"_s, &a.tag}};
    } else {
        return invalid(QStringLiteral("kind \"%1\" is not image, chart or commit").arg(kind));
    }
    for (const bool mustHave : {true, false}) {
        for (const auto& [key, field] : mustHave ? required : optional) {
            auto value = stringAt(json, key, mustHave);
            if (!value)
                return std::move(value).error();
            *field = *value;
        }
    }
    return a;
}

} // namespace fd::core

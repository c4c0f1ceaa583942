#include "freight.h"

#include "freightalias.h"
#include "freightid.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace fd::core {
namespace {

Error invalid(const QString& why) {
    return Error{Error::Kind::Parse, u"freight: "_s + why, {}};
}

Result<QString> requiredString(const QJsonObject& json, const QString& key) {
    const QJsonValue value = json.value(key);
    if (!value.isString() || value.toString().isEmpty())
        return invalid(QStringLiteral("\"%1\" must be a non-empty string").arg(key));
    return value.toString();
}

Result<QMap<QString, FreightStageState>> stagesFrom(const QJsonValue& value) {
    QMap<QString, FreightStageState> stages;
    if (value.isUndefined())
        return stages;
    if (!value.isObject())
        return invalid(u"\"stages\" must be an object of stage name to state"_s);
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QJsonObject state = it.value().toObject();
        FreightStageState parsed;
        const std::pair<QString, bool*> fields[] = {{u"current"_s, &parsed.current},
                                                    {u"verified"_s, &parsed.verified},
                                                    {u"approved"_s, &parsed.approved}};
        for (const auto& [key, field] : fields) {
            const QJsonValue flag = state.value(key);
            if (!flag.isUndefined() && !flag.isBool())
                return invalid(QStringLiteral("stage \"%1\": \"%2\" must be true or false")
                                   .arg(it.key(), key));
            *field = flag.toBool(false);
        }
        stages.insert(it.key(), parsed);
    }
    return stages;
}

} // namespace

Freight Freight::make(QString service, QString origin, QList<FreightArtifact> artifacts,
                      QDateTime discoveredAt) {
    Freight freight;
    freight.service = std::move(service);
    freight.origin = std::move(origin);
    freight.artifacts = std::move(artifacts);
    freight.discoveredAt = std::move(discoveredAt);
    freight.id = freightId(freight.origin, freight.artifacts);
    freight.alias = freightAlias(freight.id);
    return freight;
}

QJsonObject Freight::toJson() const {
    QJsonArray artifactArray;
    for (const FreightArtifact& artifact : artifacts)
        artifactArray.append(artifact.toJson());
    QJsonObject stageObject;
    for (auto it = stages.begin(); it != stages.end(); ++it)
        stageObject.insert(it.key(), QJsonObject{{u"current"_s, it->current},
                                                 {u"verified"_s, it->verified},
                                                 {u"approved"_s, it->approved}});
    return QJsonObject{
        {u"id"_s, id},
        {u"alias"_s, alias},
        {u"service"_s, service},
        {u"origin"_s, QJsonObject{{u"kind"_s, u"Warehouse"_s}, {u"name"_s, origin}}},
        {u"artifacts"_s, artifactArray},
        {u"discoveredAt"_s, discoveredAt.isValid()
                                ? QJsonValue(discoveredAt.toUTC().toString(Qt::ISODateWithMs))
                                : QJsonValue()},
        {u"stages"_s, stageObject},
    };
}

Result<Freight> Freight::fromJson(const QJsonObject& json) {
    Freight freight;
    const std::pair<QString, QString*> strings[] = {
        {u"id"_s, &freight.id}, {u"alias"_s, &freight.alias}, {u"service"_s, &freight.service}};
    for (const auto& [key, field] : strings) {
        auto value = requiredString(json, key);
        if (!value)
            return std::move(value).error();
        *field = *value;
    }
    const QJsonObject origin = json.value(u"origin"_s).toObject();
    if (origin.value(u"kind"_s).toString() != u"Warehouse")
        return invalid(u"\"origin\" must be {\"kind\": \"Warehouse\", \"name\": ...}"_s);
    auto originName = requiredString(origin, u"name"_s);
    if (!originName)
        return std::move(originName).error();
    freight.origin = *originName;
    for (const QJsonValue& item : json.value(u"artifacts"_s).toArray()) {
        auto artifact = FreightArtifact::fromJson(item.toObject());
        if (!artifact)
            return std::move(artifact).error();
        freight.artifacts << *artifact;
    }
    const QJsonValue discovered = json.value(u"discoveredAt"_s);
    if (discovered.isString()) {
        freight.discoveredAt = QDateTime::fromString(discovered.toString(), Qt::ISODateWithMs);
        if (!freight.discoveredAt.isValid())
            return invalid(QStringLiteral("\"discoveredAt\" \"%1\" is not an ISO 8601 time")
                               .arg(discovered.toString()));
    }
    auto stages = stagesFrom(json.value(u"stages"_s));
    if (!stages)
        return std::move(stages).error();
    freight.stages = *std::move(stages);
    return freight;
}

} // namespace fd::core

#include "promotionevent.h"

#include <array>
#include <utility>

namespace fd::core {

namespace {

using Kind = PromotionEvent::Kind;

constexpr std::array<std::pair<Kind, const char*>, 8> kindNames{{
    {Kind::Approved, "approved"},
    {Kind::Verified, "verified"},
    {Kind::VerificationFailed, "verification-failed"},
    {Kind::Held, "held"},
    {Kind::Released, "released"},
    {Kind::Promoted, "promoted"},
    {Kind::PromotionFailed, "promotion-failed"},
    {Kind::Aborted, "aborted"},
}};

Error invalid(const QString& detail) {
    return Error{Error::Kind::Parse, QStringLiteral("a promotion log record %1").arg(detail), {}};
}

} // namespace

QString PromotionEvent::kindName(Kind kind) {
    for (const auto& [each, name] : kindNames) {
        if (each == kind)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<PromotionEvent::Kind> PromotionEvent::kindFromName(const QString& name) {
    for (const auto& [each, text] : kindNames) {
        if (name == QLatin1String(text))
            return each;
    }
    return std::nullopt;
}

QJsonObject PromotionEvent::toJson() const {
    QJsonObject json{
        {QStringLiteral("event"), kindName(kind)},
        {QStringLiteral("at"), at.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("by"),
         QJsonObject{{QStringLiteral("name"), byName}, {QStringLiteral("email"), byEmail}}},
        {QStringLiteral("service"), service},
        {QStringLiteral("stage"), stage},
    };
    if (!freightId.isEmpty())
        json.insert(QStringLiteral("freight"),
                    QJsonObject{{QStringLiteral("id"), freightId},
                                {QStringLiteral("alias"), freightAlias}});
    if (!commit.isEmpty())
        json.insert(QStringLiteral("commit"), commit);
    if (!reason.isEmpty())
        json.insert(QStringLiteral("reason"), reason);
    return json;
}

Result<PromotionEvent> PromotionEvent::fromJson(const QJsonObject& json) {
    PromotionEvent event;
    const QString name = json.value(QStringLiteral("event")).toString();
    const auto kind = kindFromName(name);
    if (!kind)
        return invalid(QStringLiteral("has an unknown event \"%1\"").arg(name));
    event.kind = *kind;
    event.at =
        QDateTime::fromString(json.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs);
    if (!event.at.isValid())
        return invalid(QStringLiteral("has no valid time (\"at\")"));
    const QJsonObject by = json.value(QStringLiteral("by")).toObject();
    event.byName = by.value(QStringLiteral("name")).toString();
    event.byEmail = by.value(QStringLiteral("email")).toString();
    event.service = json.value(QStringLiteral("service")).toString();
    event.stage = json.value(QStringLiteral("stage")).toString();
    if (event.service.isEmpty() || event.stage.isEmpty())
        return invalid(QStringLiteral("names no service or stage"));
    const QJsonObject freight = json.value(QStringLiteral("freight")).toObject();
    event.freightId = freight.value(QStringLiteral("id")).toString();
    event.freightAlias = freight.value(QStringLiteral("alias")).toString();
    event.commit = json.value(QStringLiteral("commit")).toString();
    event.reason = json.value(QStringLiteral("reason")).toString();
    return event;
}

} // namespace fd::core

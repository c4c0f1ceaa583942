#include "freightdrag.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>

namespace fd::ui {

QString FreightDrag::mimeType() {
    return QStringLiteral("application/x-freightdesk-freight");
}

QMimeData* FreightDrag::toMimeData() const {
    auto* data = new QMimeData;
    const QJsonObject json{{QStringLiteral("service"), service},
                           {QStringLiteral("freight"), freightId}};
    data->setData(mimeType(), QJsonDocument(json).toJson(QJsonDocument::Compact));
    data->setText(freightId);
    return data;
}

std::optional<FreightDrag> FreightDrag::from(const QMimeData* data) {
    if (!data || !data->hasFormat(mimeType()))
        return std::nullopt;
    const QJsonObject json = QJsonDocument::fromJson(data->data(mimeType())).object();
    FreightDrag drag{json.value(QStringLiteral("service")).toString(),
                     json.value(QStringLiteral("freight")).toString()};
    if (drag.service.isEmpty() || drag.freightId.isEmpty())
        return std::nullopt;
    return drag;
}

} // namespace fd::ui

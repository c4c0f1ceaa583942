#include "httppromotioncheck.h"

#include "httpcheck.h"

#include <QPointer>

namespace fd::core {

HttpPromotionCheck::HttpPromotionCheck(QNetworkAccessManager* network, HttpCheckSpec spec)
    : m_network(network)
    , m_spec(std::move(spec)) {}

QString HttpPromotionCheck::name() const {
    return QStringLiteral("HTTP GET ") + m_spec.url;
}

void HttpPromotionCheck::run(const PromotionCheckInput&, QObject* context,
                             std::function<void(Result<void>)> done) {
    // Owned by the context: gone with it, and with it any answer still to come.
    auto* check = new HttpCheck(m_network, m_spec, context);
    check->run([check, done = std::move(done)](const HttpCheckOutcome& outcome) {
        check->deleteLater();
        if (outcome.passed)
            done({});
        else
            done(Error{Error::Kind::Refused, outcome.message, {}});
    });
}

} // namespace fd::core

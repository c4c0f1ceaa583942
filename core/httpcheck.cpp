#include "httpcheck.h"

#include "registryexchange.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fd::core {

HttpCheck::HttpCheck(QNetworkAccessManager* network, HttpCheckSpec spec, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_spec(std::move(spec)) {
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &HttpCheck::attempt);
}

HttpCheck::~HttpCheck() = default;

void HttpCheck::run(Done done) {
    abort();
    m_done = std::move(done);
    m_attempts = 0;
    m_failures = 0;
    m_started.start();
    m_condition.reset();
    if (!m_spec.jsonCondition.isEmpty()) {
        auto condition = JsonCondition::parse(m_spec.jsonCondition);
        if (!condition)
            return finish(false, condition.error().message);
        m_condition = std::move(*condition);
    }
    attempt();
}

void HttpCheck::abort() {
    ++m_generation;
    m_retry.stop();
    m_done = nullptr;
}

void HttpCheck::attempt() {
    ++m_attempts;
    RegistryRequest request;
    request.url = QUrl(m_spec.url);
    request.headers = {{"Accept", "application/json, */*;q=0.5"}};
    request.ignoreTlsErrors = m_spec.insecure;
    request.tlsHint = QStringLiteral("if the server's certificate is self-signed, set "
                                     "`insecure: true` on this check");
    const RegistryTimeouts timeouts{m_spec.timeout, m_spec.timeout, 1024 * 1024};
    const quint64 generation = m_generation;
    RegistryExchange::start(m_network, request, timeouts, this,
                            [this, generation](Result<RegistryResponse> response) {
                                if (generation != m_generation)
                                    return;
                                if (!response)
                                    judge(0, {}, response.error().message);
                                else
                                    judge(response->status, response->body, {});
                            });
}

void HttpCheck::judge(int status, const QByteArray& body, const QString& transportError) {
    const QString request = QStringLiteral("GET ") + m_spec.url;
    QString problem;
    QString found;
    if (!transportError.isEmpty()) {
        problem = QStringLiteral("%1: %2").arg(request, transportError);
    } else if (m_spec.expectedStatus != 0 ? status != m_spec.expectedStatus
                                          : status < 200 || status > 299) {
        problem = QStringLiteral("%1 answered %2 (the check wants %3)")
                      .arg(request)
                      .arg(status)
                      .arg(m_spec.expectedStatus != 0 ? QString::number(m_spec.expectedStatus)
                                                      : QStringLiteral("2xx"));
    } else if (m_condition) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            problem = QStringLiteral("%1 answered %2, but not with JSON (%3)")
                          .arg(request)
                          .arg(status)
                          .arg(parseError.errorString());
        } else {
            const QJsonValue root =
                document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
            QString actual;
            if (!m_condition->holds(root, &actual))
                problem = QStringLiteral("%1 answered %2 with %3 = %4; the check wants %5")
                              .arg(request)
                              .arg(status)
                              .arg(m_condition->pathText(), actual, m_condition->text());
            else
                found = QStringLiteral(", %1").arg(m_condition->text());
        }
    }
    if (m_spec.measurements > 0)
        return measured(problem.isEmpty()
                            ? QStringLiteral("%1 answered %2%3").arg(request).arg(status).arg(found)
                            : problem,
                        problem.isEmpty());
    if (problem.isEmpty())
        return finish(true, QStringLiteral("%1 answered %2%3").arg(request).arg(status).arg(found));
    const qint64 remaining = std::chrono::milliseconds(m_spec.within).count() - m_started.elapsed();
    const qint64 interval = std::chrono::milliseconds(m_spec.interval).count();
    if (remaining > interval) {
        m_retry.start(int(interval));
        return;
    }
    if (m_attempts > 1)
        problem += QStringLiteral(" (%1 tries over %2 s)")
                       .arg(m_attempts)
                       .arg((m_started.elapsed() + 500) / 1000);
    finish(false, problem);
}

void HttpCheck::measured(const QString& message, bool passed) {
    if (!passed)
        ++m_failures;
    if (m_failures > m_spec.failureLimit)
        return finish(false, QStringLiteral("%1 (%2 of %3 measurements failed; %4 may)")
                                 .arg(message)
                                 .arg(m_failures)
                                 .arg(m_attempts)
                                 .arg(m_spec.failureLimit));
    if (m_attempts >= m_spec.measurements)
        return finish(true, QStringLiteral("%1 (%2 measurements, %3 failed)")
                                .arg(message)
                                .arg(m_attempts)
                                .arg(m_failures));
    m_retry.start(std::chrono::milliseconds(m_spec.interval));
}

void HttpCheck::finish(bool passed, const QString& message) {
    Done done = std::move(m_done);
    m_done = nullptr;
    if (done)
        done(HttpCheckOutcome{passed, m_attempts, message});
}

} // namespace fd::core

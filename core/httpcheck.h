#pragma once

#include "jsoncondition.h"
#include "stageverification.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace fd::core {

struct HttpCheckOutcome final {
    bool passed = false;
    int attempts = 0;
    /** For a person: the URL, what came back and what the check wanted. */
    QString message;
};

/**
 * Runs one HTTP check of a stage's verification: GET the URL, compare the status (any 2xx
 * unless one is given) and, when there is one, a JsonCondition on the body. A check with
 * `within` tries again every `interval` until it passes or that time is over, since a
 * freshly deployed service often needs a moment; the outcome of the last try is the answer. A
 * check with `measurements` takes that many, and fails once more than `failureLimit` failed.
 */
class HttpCheck final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpCheck)

public:
    using Done = std::function<void(const HttpCheckOutcome&)>;

    HttpCheck(QNetworkAccessManager* network, HttpCheckSpec spec, QObject* parent = nullptr);
    ~HttpCheck() override;

    /** Starts; @p done runs once, later, unless abort() is called or this object goes first. */
    void run(Done done);
    void abort();

private:
    void attempt();
    void judge(int status, const QByteArray& body, const QString& transportError);
    void measured(const QString& message, bool passed);
    void finish(bool passed, const QString& message);

    QNetworkAccessManager* m_network;
    HttpCheckSpec m_spec;
    std::optional<JsonCondition> m_condition; // parsed once per run
    Done m_done;
    QTimer m_retry;
    QElapsedTimer m_started;
    int m_attempts = 0;
    int m_failures = 0;
    quint64 m_generation = 0; // answers from before an abort() are dropped
};

} // namespace fd::core

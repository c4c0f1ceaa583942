#include "soakcheck.h"

#include "argocdclient.h"
#include "goduration.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace fd::core {

namespace {

/** One soak in progress: a timer, and a read of every app on each tick. */
class Soak final : public QObject {
public:
    Soak(ArgoCdClient* client, PromotionCheckInput input, std::chrono::milliseconds duration,
         std::chrono::milliseconds every, std::function<void(Result<void>)> done, QObject* parent)
        : QObject(parent)
        , m_client(client)
        , m_input(std::move(input))
        , m_duration(duration)
        , m_done(std::move(done)) {
        m_started.start();
        connect(&m_tick, &QTimer::timeout, this, &Soak::look);
        m_tick.start(std::min(every, duration));
    }

private:
    void look() {
        const bool over = m_started.elapsed() >= m_duration.count();
        if (over)
            m_tick.stop();
        if (!m_client || m_input.applications.isEmpty())
            return over ? finish({}) : void();
        auto pending = std::make_shared<int>(int(m_input.applications.size()));
        for (const ArgoCdAppStatus& app : std::as_const(m_input.applications)) {
            m_client->application(
                app.qualifiedName(), ArgoCdRefresh::None, this,
                [this, pending, over](Result<ArgoCdAppStatus> now) {
                    if (!m_done)
                        return;
                    if (now) {
                        if (auto problem = problemWith(*now); !problem.isEmpty())
                            return finish(Error{Error::Kind::Refused, problem, {}});
                    }
                    // A read that fails (the server busy) is no verdict on the freight.
                    if (--*pending == 0 && over)
                        finish({});
                });
        }
    }

    QString problemWith(const ArgoCdAppStatus& app) const {
        if (app.healthStatus == u"Degraded" || app.healthStatus == u"Missing")
            return QStringLiteral("%1 turned %2 after %3 of its soak: %4")
                .arg(app.qualifiedName(), app.healthStatus,
                     formatDuration(std::chrono::milliseconds(m_started.elapsed())),
                     app.healthMessage.isEmpty() ? QStringLiteral("no message")
                                                 : app.healthMessage);
        return {};
    }

    void finish(Result<void> result) {
        m_tick.stop();
        auto done = std::move(m_done);
        m_done = nullptr;
        deleteLater();
        if (done)
            done(std::move(result));
    }

    ArgoCdClient* m_client;
    PromotionCheckInput m_input;
    std::chrono::milliseconds m_duration;
    std::function<void(Result<void>)> m_done;
    QElapsedTimer m_started;
    QTimer m_tick;
};

} // namespace

SoakCheck::SoakCheck(ArgoCdClient* client, std::chrono::milliseconds duration,
                     std::chrono::milliseconds every)
    : m_client(client)
    , m_duration(duration)
    , m_every(every) {}

QString SoakCheck::name() const {
    return QStringLiteral("soak ") + formatDuration(m_duration);
}

void SoakCheck::run(const PromotionCheckInput& input, QObject* context,
                    std::function<void(Result<void>)> done) {
    new Soak(m_client, input, m_duration, m_every, std::move(done), context);
}

} // namespace fd::core

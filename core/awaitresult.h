#pragma once

#include "result.h"

#include <QEventLoop>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace fd::core {

/**
 * Runs an asynchronous call to its end in a local event loop, for the command line and tests;
 * the GUI never blocks on one. @p start gets the callback to hand to the call. Past @p limit
 * the result is a Network error; the call's callback, if it comes later, is ignored.
 */
template <typename T>
Result<T> awaitResult(const std::function<void(std::function<void(Result<T>)>)>& start,
                      std::chrono::milliseconds limit = std::chrono::minutes(5)) {
    auto result = std::make_shared<std::optional<Result<T>>>();
    QEventLoop loop;
    QTimer::singleShot(limit, &loop, &QEventLoop::quit);
    start([result, loop = QPointer<QEventLoop>(&loop)](Result<T> value) {
        *result = std::move(value);
        if (loop)
            loop->quit();
    });
    if (!result->has_value())
        loop.exec();
    if (!result->has_value())
        return Error{Error::Kind::Network,
                     QStringLiteral("no answer within %1 s").arg(limit.count() / 1000),
                     {}};
    return std::move(**result);
}

} // namespace fd::core

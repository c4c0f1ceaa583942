#include "targetvaluebatch.h"

#include "githistory.h"
#include "parallelfor.h"
#include "targetvalue.h"

#include <optional>

namespace fd::core {

namespace {

// Below this many blobs one thread is faster: each other one opens the repository afresh.
constexpr std::size_t parallelFrom = 512;
constexpr std::size_t maximumThreads = 4;

} // namespace

int TargetValueBatch::request(const QString& blobId, const PipelineTarget& target) {
    const std::pair<QString, const PipelineTarget*> key{blobId, &target};
    if (const auto found = m_handles.constFind(key); found != m_handles.constEnd())
        return *found;
    const int handle = int(m_requests.size());
    m_requests.push_back({blobId, &target, {}});
    m_handles.insert(key, handle);
    return handle;
}

void TargetValueBatch::read(const GitHistory& git, Request& request) {
    if (request.blobId.isEmpty())
        return;
    if (auto bytes = git.readBlob(request.blobId))
        request.value = readTargetValue(*request.target, *bytes).value_or(QString());
}

Result<void> TargetValueBatch::resolve(const GitHistory& git) {
    const std::size_t count = m_requests.size();
    const std::size_t threads =
        count < parallelFrom
            ? 1
            : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, maximumThreads);
    if (threads == 1) {
        for (Request& request : m_requests)
            read(git, request);
        return {};
    }
    std::vector<std::optional<Error>> failures(threads);
    parallelFor(threads, [&](std::size_t t) {
        // libgit2 handles are not shared between threads: the first range uses the caller's.
        std::unique_ptr<GitHistory> own;
        const GitHistory* reader = &git;
        if (t > 0) {
            auto opened = GitHistory::open(git.gitDirectory());
            if (!opened) {
                failures[t] = std::move(opened).error();
                return;
            }
            own = std::move(*opened);
            reader = own.get();
        }
        const std::size_t begin = count * t / threads;
        const std::size_t end = count * (t + 1) / threads;
        for (std::size_t i = begin; i < end; ++i)
            read(*reader, m_requests[i]);
    });
    for (std::optional<Error>& failure : failures) {
        if (failure)
            return std::move(*failure);
    }
    return {};
}

} // namespace fd::core

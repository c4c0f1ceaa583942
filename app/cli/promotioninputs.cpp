#include "promotioninputs.h"

#include "freightstore.h"
#include "promotionlog.h"
#include "repositoryarguments.h"

namespace fd::app {

PromotionInputs::PromotionInputs(core::RepositorySnapshot snapshot,
                                 std::unique_ptr<core::GitRepository> git)
    : m_snapshot(std::move(snapshot))
    , m_repository(std::move(git)) {}

core::Result<PromotionInputs> PromotionInputs::load(const QCommandLineParser& parser) {
    auto snapshot = RepositoryArguments::load(parser, true);
    if (!snapshot)
        return std::move(snapshot).error();
    if (!snapshot->history())
        return core::Error{core::Error::Kind::Unsupported,
                           QStringLiteral("%1 is not a Git repository: nothing to promote in")
                               .arg(snapshot->source()),
                           {}};
    auto repository = core::GitRepository::open(RepositoryArguments::repository(parser));
    if (!repository)
        return std::move(repository).error();
    PromotionInputs inputs(std::move(*snapshot), std::move(*repository));
    auto identity = inputs.m_repository->identity();
    if (!identity)
        return std::move(identity).error();
    inputs.m_identity = *identity;
    auto log =
        core::PromotionLog(*inputs.m_repository).read(!parser.isSet(QStringLiteral("offline")));
    if (!log)
        return std::move(log).error();
    inputs.m_events = log->events;
    inputs.m_freight = core::FreightStore::open(
                           core::FreightStore::pathFor(inputs.m_snapshot.source(),
                                                       parser.value(QStringLiteral("branch"))))
                           .freight();
    return inputs;
}

} // namespace fd::app

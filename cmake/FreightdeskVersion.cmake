# Freightdesk's one version number, computed at configure time.
#
#   a Git checkout at tag v1.2.3            -> 1.2.3
#   4 commits after it, at commit abc1234    -> 1.2.3+4.gabc1234
#   a `git archive` tarball (export-subst)  -> the same, from cmake/archive-version.txt
#   anything else (no tag, no Git, no .git)  -> PROJECT_VERSION
#   -DFREIGHTDESK_VERSION_OVERRIDE=1.2.3-1   -> that, for distributions' own builds
#
# After a tag, `git describe`'s "-N-gHASH" becomes SemVer build metadata "+N.gHASH": Debian,
# RPM and SemVer all order 1.2.3 < 1.2.3+4.gabc1234 < 1.2.4, and neither Debian's nor RPM's
# version may contain the '-' git describe uses.
#
# Sets FREIGHTDESK_VERSION and its numeric parts FREIGHTDESK_VERSION_MAJOR/_MINOR/_PATCH and
# FREIGHTDESK_VERSION_TWEAK (commits since the tag; 0 at the tag) for Windows' VERSIONINFO and
# macOS' CFBundleVersion, which take numbers only.

set(FREIGHTDESK_VERSION_OVERRIDE "" CACHE STRING
    "Use this version instead of git describe or the project version")
option(FREIGHTDESK_VERSION_FROM_GIT
    "Take the version from `git describe --tags` when the source is a tagged Git checkout" ON)

# "v1.2.3" or "v1.2.3-4-gabc1234" -> "1.2.3" / "1.2.3+4.gabc1234"; empty when it is neither.
function(_freightdesk_version_from_describe describe out)
    set(result "")
    if(describe MATCHES "^v([0-9]+\\.[0-9]+\\.[0-9]+)(-([0-9]+)-g([0-9a-f]+))?$")
        set(result "${CMAKE_MATCH_1}")
        if(CMAKE_MATCH_2)
            string(APPEND result "+${CMAKE_MATCH_3}.g${CMAKE_MATCH_4}")
        endif()
    endif()
    set(${out} "${result}" PARENT_SCOPE)
endfunction()

function(_freightdesk_git_describe out)
    set(${out} "" PARENT_SCOPE)
    find_package(Git QUIET)
    if(NOT GIT_FOUND)
        return()
    endif()
    # Only this source tree's own repository counts: a tarball unpacked inside another checkout
    # (a distribution's packaging repository, a Flatpak build folder) must not take its tags.
    execute_process(COMMAND "${GIT_EXECUTABLE}" rev-parse --show-toplevel
        WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
        OUTPUT_VARIABLE toplevel OUTPUT_STRIP_TRAILING_WHITESPACE
        RESULT_VARIABLE status ERROR_QUIET)
    if(NOT status EQUAL 0)
        return()
    endif()
    file(REAL_PATH "${toplevel}" toplevel)
    file(REAL_PATH "${PROJECT_SOURCE_DIR}" source)
    if(NOT toplevel STREQUAL source)
        return()
    endif()
    execute_process(COMMAND "${GIT_EXECUTABLE}" describe --tags --long --match "v[0-9]*"
        WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
        OUTPUT_VARIABLE describe OUTPUT_STRIP_TRAILING_WHITESPACE
        RESULT_VARIABLE status ERROR_QUIET)
    if(status EQUAL 0)
        # --long always writes "-N-gHASH"; at the tag itself (N = 0) the tag alone is the version.
        string(REGEX REPLACE "-0-g[0-9a-f]+$" "" describe "${describe}")
        set(${out} "${describe}" PARENT_SCOPE)
    endif()
endfunction()

set(FREIGHTDESK_VERSION "")
set(_freightdesk_version_source "")
if(FREIGHTDESK_VERSION_OVERRIDE)
    set(FREIGHTDESK_VERSION "${FREIGHTDESK_VERSION_OVERRIDE}")
    set(_freightdesk_version_source "FREIGHTDESK_VERSION_OVERRIDE")
endif()
if(NOT FREIGHTDESK_VERSION AND FREIGHTDESK_VERSION_FROM_GIT)
    _freightdesk_git_describe(_freightdesk_describe)
    _freightdesk_version_from_describe("${_freightdesk_describe}" FREIGHTDESK_VERSION)
    if(FREIGHTDESK_VERSION)
        set(_freightdesk_version_source "git describe (${_freightdesk_describe})")
    elseif(_freightdesk_describe)
        message(WARNING "Tag ${_freightdesk_describe} is not vMAJOR.MINOR.PATCH: "
            "using the project version")
    endif()
endif()
if(NOT FREIGHTDESK_VERSION)
    # `git archive` fills this file in (.gitattributes: export-subst); a checkout leaves the
    # placeholder, which does not match.
    file(READ "${CMAKE_CURRENT_LIST_DIR}/archive-version.txt" _freightdesk_archived)
    string(STRIP "${_freightdesk_archived}" _freightdesk_archived)
    string(REGEX REPLACE "-0-g[0-9a-f]+$" "" _freightdesk_archived "${_freightdesk_archived}")
    _freightdesk_version_from_describe("${_freightdesk_archived}" FREIGHTDESK_VERSION)
    if(FREIGHTDESK_VERSION)
        set(_freightdesk_version_source "cmake/archive-version.txt (${_freightdesk_archived})")
    endif()
endif()
if(NOT FREIGHTDESK_VERSION)
    set(FREIGHTDESK_VERSION "${PROJECT_VERSION}")
    set(_freightdesk_version_source "the project version")
endif()

if(NOT FREIGHTDESK_VERSION MATCHES "^([0-9]+)\\.([0-9]+)\\.([0-9]+)(\\+([0-9]+))?")
    message(FATAL_ERROR "Freightdesk version \"${FREIGHTDESK_VERSION}\" does not start with "
        "MAJOR.MINOR.PATCH")
endif()
set(FREIGHTDESK_VERSION_MAJOR "${CMAKE_MATCH_1}")
set(FREIGHTDESK_VERSION_MINOR "${CMAKE_MATCH_2}")
set(FREIGHTDESK_VERSION_PATCH "${CMAKE_MATCH_3}")
set(FREIGHTDESK_VERSION_TWEAK 0)
if(CMAKE_MATCH_5)
    set(FREIGHTDESK_VERSION_TWEAK "${CMAKE_MATCH_5}")
endif()
message(STATUS "Freightdesk version: ${FREIGHTDESK_VERSION} (from ${_freightdesk_version_source})")

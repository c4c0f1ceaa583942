# CPack: one package per platform from the install rules in this folder, all versioned
# FREIGHTDESK_VERSION.
#   Linux:   DEB (dependencies from dpkg-shlibdeps), RPM (rpmbuild's automatic requires)
#   macOS:   DragNDrop (a .dmg holding Freightdesk.app)
#   Windows: NSIS installer and ZIP

set(CPACK_PACKAGE_NAME freightdesk)
set(CPACK_PACKAGE_VENDOR "The Freightdesk developers")
set(CPACK_PACKAGE_VERSION "${FREIGHTDESK_VERSION}")
set(CPACK_PACKAGE_VERSION_MAJOR "${FREIGHTDESK_VERSION_MAJOR}")
set(CPACK_PACKAGE_VERSION_MINOR "${FREIGHTDESK_VERSION_MINOR}")
set(CPACK_PACKAGE_VERSION_PATCH "${FREIGHTDESK_VERSION_PATCH}")
set(CPACK_PACKAGE_CONTACT "${FREIGHTDESK_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Lines of at most 80 columns: Debian's and RPM's long descriptions are shown as written.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "Freightdesk moves a new version of a service from one GitOps stage to the next"
    "with a Git commit that changes only the bytes it must, never force-pushes and"
    "never loses a colleague's concurrent change, then follows Argo CD until the"
    "stage runs it synced and healthy. It reads the pipeline from Kargo manifests,"
    "a freightdesk.yaml file or the repository layout."
    "The package holds the desktop application (freightdesk) and the command line"
    "(freightdesk-cli).")
set(CPACK_PACKAGE_INSTALL_DIRECTORY Freightdesk)
set(CPACK_PACKAGE_EXECUTABLES freightdesk Freightdesk)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/packages")

if(WIN32)
    set(CPACK_GENERATOR NSIS ZIP)
elseif(APPLE)
    set(CPACK_GENERATOR DragNDrop)
else()
    set(CPACK_GENERATOR DEB)
    find_program(FREIGHTDESK_RPMBUILD rpmbuild)
    mark_as_advanced(FREIGHTDESK_RPMBUILD)
    if(FREIGHTDESK_RPMBUILD)
        list(APPEND CPACK_GENERATOR RPM)
    endif()
endif()

# --- DEB ---
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # freightdesk_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${FREIGHTDESK_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded at run time, so dpkg-shlibdeps cannot see them: Git's credential helpers run `git`,
# ssh-agent is how SSH keys are usually offered, the keychain is the Secret Service, and Qt
# finds its Wayland platform plugin (X11's is in libqt6gui6) and TLS backend by name.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "git, openssh-client, qt6-wayland")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "gnome-keyring | kwalletmanager")

# --- RPM ---
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "${FREIGHTDESK_LICENSE}")
set(CPACK_RPM_PACKAGE_GROUP "Development/Tools")
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
# Folders the distribution's filesystem package owns must not be claimed by ours.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/applications
    /usr/share/icons
    /usr/share/icons/hicolor
    /usr/share/icons/hicolor/scalable
    /usr/share/icons/hicolor/scalable/apps
    /usr/share/man
    /usr/share/man/man1
    /usr/share/metainfo)

# --- macOS disk image ---
set(CPACK_DMG_VOLUME_NAME Freightdesk)
set(CPACK_DMG_FORMAT UDZO)

# --- Windows installer ---
set(CPACK_NSIS_PACKAGE_NAME Freightdesk)
set(CPACK_NSIS_DISPLAY_NAME "Freightdesk ${FREIGHTDESK_VERSION}")
set(CPACK_NSIS_MUI_ICON "${CMAKE_CURRENT_SOURCE_DIR}/windows/freightdesk.ico")
set(CPACK_NSIS_MUI_UNIICON "${CMAKE_CURRENT_SOURCE_DIR}/windows/freightdesk.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\freightdesk.exe")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
# freightdesk-cli on PATH (the installer asks).
set(CPACK_NSIS_MODIFY_PATH ON)

include(CPack)

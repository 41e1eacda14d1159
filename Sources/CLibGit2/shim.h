// Umbrella header for libgit2 (Debian's libgit2-dev).
#include <git2.h>
#include <git2/sys/repository.h>

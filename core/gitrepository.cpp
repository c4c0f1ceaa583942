#include "gitrepository.h"

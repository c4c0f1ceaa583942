#include "unifieddiff.h"

#include "ta/sma.hpp"

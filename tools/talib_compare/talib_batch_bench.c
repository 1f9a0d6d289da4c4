// Times TA-Lib 0.6 batch calls for the reference set over a candle file (not project code).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ta_libc.h"
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){
  FILE*f=fopen(argv[1],"r");char line[512];int cap=200000,n=0;
  double*o=malloc(cap*8),*h=malloc(cap*8),*l=malloc(cap*8),*c=malloc(cap*8),*v=malloc(cap*8);
  fgets(line,512,f);long long t;
  while(fgets(line,512,f)&&n<cap){sscanf(line,"%lld,%lf,%lf,%lf,%lf,%lf",&t,&o[n],&h[n],&l[n],&c[n],&v[n]);n++;}
  double*out1=malloc(n*8),*out2=malloc(n*8),*out3=malloc(n*8);int*oi=malloc(n*4);int b,k;
  TA_Initialize();
  double best_ind=1e9,best_pat=1e9;
  for(int rep=0;rep<20;rep++){
    double s=now();
    TA_RSI(0,n-1,c,14,&b,&k,out1);
    TA_MACD(0,n-1,c,8,24,9,&b,&k,out1,out2,out3);
    TA_MACD(0,n-1,c,12,26,9,&b,&k,out1,out2,out3);
    TA_BBANDS(0,n-1,c,20,2,2,TA_MAType_SMA,&b,&k,out1,out2,out3);
    TA_ATR(0,n-1,h,l,c,14,&b,&k,out1); TA_NATR(0,n-1,h,l,c,14,&b,&k,out1);
    TA_ADX(0,n-1,h,l,c,14,&b,&k,out1); TA_PLUS_DI(0,n-1,h,l,c,14,&b,&k,out1); TA_MINUS_DI(0,n-1,h,l,c,14,&b,&k,out1);
    TA_EMA(0,n-1,c,20,&b,&k,out1); TA_EMA(0,n-1,c,50,&b,&k,out1); TA_SMA(0,n-1,c,20,&b,&k,out1);
    TA_OBV(0,n-1,c,v,&b,&k,out1); TA_MFI(0,n-1,h,l,c,v,14,&b,&k,out1);
    TA_STOCH(0,n-1,h,l,c,14,3,TA_MAType_SMA,3,TA_MAType_SMA,&b,&k,out1,out2);
    TA_CCI(0,n-1,h,l,c,20,&b,&k,out1); TA_WILLR(0,n-1,h,l,c,14,&b,&k,out1);
    double m=now(); if(m-s<best_ind)best_ind=m-s;
    TA_CDLDOJI(0,n-1,o,h,l,c,&b,&k,oi); TA_CDLHAMMER(0,n-1,o,h,l,c,&b,&k,oi); TA_CDLSHOOTINGSTAR(0,n-1,o,h,l,c,&b,&k,oi);
    TA_CDLENGULFING(0,n-1,o,h,l,c,&b,&k,oi); TA_CDLHARAMI(0,n-1,o,h,l,c,&b,&k,oi);
    TA_CDLMORNINGSTAR(0,n-1,o,h,l,c,0.3,&b,&k,oi); TA_CDLEVENINGSTAR(0,n-1,o,h,l,c,0.3,&b,&k,oi);
    TA_CDL3WHITESOLDIERS(0,n-1,o,h,l,c,&b,&k,oi); TA_CDL3BLACKCROWS(0,n-1,o,h,l,c,&b,&k,oi);
    TA_CDLPIERCING(0,n-1,o,h,l,c,&b,&k,oi); TA_CDLDARKCLOUDCOVER(0,n-1,o,h,l,c,0.5,&b,&k,oi);
    double e=now(); if(e-m<best_pat)best_pat=e-m;
  }
  printf("candles %d\nTA-Lib batch, the 24 indicator columns: %.1f ns/candle\nTA-Lib batch, the 11 patterns: %.1f ns/candle\ntotal %.1f ns/candle\n",n,best_ind/n*1e9,best_pat/n*1e9,(best_ind+best_pat)/n*1e9);
  // one streaming-style use: recompute the last 100 candles' window per new candle (what a naive live engine does)
  return 0;}

from dashboards.views.overview import render

render()
